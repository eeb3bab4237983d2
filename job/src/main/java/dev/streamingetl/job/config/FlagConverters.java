package dev.streamingetl.job.config;

import dev.streamingetl.job.config.JobConfig.LakeFormat;
import dev.streamingetl.job.config.JobConfig.Sink;
import dev.streamingetl.job.config.JobConfig.StartingOffsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** How {@link JobFlags} reads the values of its flags, each refused with one line. */
final class FlagConverters {

    private FlagConverters() {}

    static final class Durations implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return TimeUtils.parseDuration(value.strip());
            } catch (RuntimeException e) {
                throw new TypeConversionException(
                        "'" + value + "' is not a duration such as 500ms, 10s, 1m or 1h");
            }
        }
    }

    /** An enum's constants by their lower-case names. */
    private abstract static class Names<E extends Enum<E>> implements ITypeConverter<E> {
        private final Class<E> type;

        Names(Class<E> type) {
            this.type = type;
        }

        @Override
        public E convert(String value) {
            try {
                return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(
                        "'"
                                + value
                                + "' is not one of "
                                + Arrays.stream(type.getEnumConstants())
                                        .map(c -> c.name().toLowerCase(Locale.ROOT))
                                        .collect(Collectors.joining(", ")));
            }
        }
    }

    static final class Offsets extends Names<StartingOffsets> {
        Offsets() {
            super(StartingOffsets.class);
        }
    }

    static final class LakeFormats extends Names<LakeFormat> {
        LakeFormats() {
            super(LakeFormat.class);
        }
    }

    static final class Sinks extends Names<Sink> {
        Sinks() {
            super(Sink.class);
        }
    }
}
