package dev.streamingetl.job.records;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.types.Either;

/**
 * Explicit type information for every record type, so that Flink never falls back to Kryo (the
 * window functions' own types: {@link dev.streamingetl.job.functions.WindowTypes}).
 */
public final class RecordTypes {

    public static final TypeInformation<SpecEvent> EVENT =
            new SerializerTypeInfo<>(SpecEvent.class, SpecEventSerializer.INSTANCE);
    public static final TypeInformation<DeadLetter> DEAD_LETTER =
            TypeInformation.of(DeadLetter.class);
    public static final TypeInformation<SpecAggregate> WINDOW_AGGREGATE =
            new SerializerTypeInfo<>(SpecAggregate.class, SpecAggregateSerializer.INSTANCE);
    public static final TypeInformation<Either<DeadLetter, SpecEvent>> PARSED =
            new EitherTypeInfo<>(DEAD_LETTER, EVENT);

    private RecordTypes() {}
}
