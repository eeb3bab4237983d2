package dev.streamingetl.job.functions;

import dev.streamingetl.job.records.SerializerTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/** Explicit type information for the windows' partials and accumulators, as for every record. */
public final class WindowTypes {

    public static final TypeInformation<SpecAccumulator> ACCUMULATOR =
            new SerializerTypeInfo<>(SpecAccumulator.class, SpecAccumulatorSerializer.INSTANCE);
    public static final TypeInformation<WindowPartial> PARTIAL =
            new SerializerTypeInfo<>(WindowPartial.class, WindowPartialSerializer.INSTANCE);

    private WindowTypes() {}
}
