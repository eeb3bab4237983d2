package dev.streamingetl.job.records;

import dev.streamingetl.job.functions.SpecAccumulator;
import dev.streamingetl.job.functions.SpecAccumulatorSerializer;
import dev.streamingetl.job.functions.WindowPartial;
import dev.streamingetl.job.functions.WindowPartialSerializer;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.types.Either;

/** Explicit type information for every record type, so that Flink never falls back to Kryo. */
public final class RecordTypes {

    public static final TypeInformation<SpecEvent> EVENT =
            new SerializerTypeInfo<>(SpecEvent.class, SpecEventSerializer.INSTANCE);
    public static final TypeInformation<DeadLetter> DEAD_LETTER =
            TypeInformation.of(DeadLetter.class);
    public static final TypeInformation<SpecAggregate> WINDOW_AGGREGATE =
            new SerializerTypeInfo<>(SpecAggregate.class, SpecAggregateSerializer.INSTANCE);
    public static final TypeInformation<SpecAccumulator> WINDOW_ACCUMULATOR =
            new SerializerTypeInfo<>(SpecAccumulator.class, SpecAccumulatorSerializer.INSTANCE);
    public static final TypeInformation<Either<DeadLetter, SpecEvent>> PARSED =
            new EitherTypeInfo<>(DEAD_LETTER, EVENT);
    public static final TypeInformation<WindowPartial> WINDOW_PARTIAL =
            new SerializerTypeInfo<>(WindowPartial.class, WindowPartialSerializer.INSTANCE);

    private RecordTypes() {}
}
