package dev.streamingetl.job.records;

import dev.streamingetl.job.functions.WindowAccumulator;
import dev.streamingetl.job.functions.WindowAccumulatorSerializer;
import dev.streamingetl.job.functions.WindowPartial;
import dev.streamingetl.job.functions.WindowPartialSerializer;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.types.Either;

/** Explicit type information for every record type, so that Flink never falls back to Kryo. */
public final class RecordTypes {

    public static final TypeInformation<Event> EVENT =
            new SerializerTypeInfo<>(Event.class, EventSerializer.INSTANCE);
    public static final TypeInformation<DeadLetter> DEAD_LETTER =
            TypeInformation.of(DeadLetter.class);
    public static final TypeInformation<WindowAggregate> WINDOW_AGGREGATE =
            TypeInformation.of(WindowAggregate.class);
    public static final TypeInformation<WindowAccumulator> WINDOW_ACCUMULATOR =
            new SerializerTypeInfo<>(WindowAccumulator.class, WindowAccumulatorSerializer.INSTANCE);
    public static final TypeInformation<Either<DeadLetter, Event>> PARSED =
            new EitherTypeInfo<>(DEAD_LETTER, EVENT);
    public static final TypeInformation<WindowPartial> WINDOW_PARTIAL =
            new SerializerTypeInfo<>(WindowPartial.class, WindowPartialSerializer.INSTANCE);

    /** What the window operator takes: a partial, or an event that was not pre-aggregated. */
    public static final TypeInformation<Either<Event, WindowPartial>> WINDOW_CONTRIBUTION =
            new EitherTypeInfo<>(EVENT, WINDOW_PARTIAL);

    private RecordTypes() {}
}
