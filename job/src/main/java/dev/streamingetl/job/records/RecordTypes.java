package dev.streamingetl.job.records;

import dev.streamingetl.job.functions.WindowAccumulator;
import dev.streamingetl.job.functions.WindowAccumulatorSerializer;
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

    private RecordTypes() {}
}
