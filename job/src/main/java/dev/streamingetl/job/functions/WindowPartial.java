package dev.streamingetl.job.functions;

/**
 * The events of one window and type that one source subtask has seen between two flushes, folded
 * into an accumulator: what crosses the shuffle instead of the events themselves.
 */
public record WindowPartial(String eventType, long windowStart, WindowAccumulator accumulator) {}
