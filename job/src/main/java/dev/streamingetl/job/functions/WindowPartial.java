package dev.streamingetl.job.functions;

/**
 * The events of one window and group that one source subtask has seen between two flushes, folded
 * into an accumulator: what crosses the shuffle instead of the events themselves.
 *
 * @param group the values of the spec's {@code group_by} fields, in spec order
 */
public record WindowPartial(String[] group, long windowStart, SpecAccumulator accumulator) {}
