package dev.streamingetl.job.records;

/**
 * The aggregate of one event type over one tumbling event-time window of the default contract.
 * Times are epoch milliseconds in UTC; the value statistics are null when no event carried a value.
 */
public record WindowAggregate(
        long windowStart,
        long windowEnd,
        String eventType,
        long eventCount,
        long uniqueUsers,
        long valueCount,
        Double valueSum,
        Double valueMin,
        Double valueMax,
        Double valueAvg,
        Double valueP50,
        Double valueP95,
        Double valueP99,
        long emittedAt) {}
