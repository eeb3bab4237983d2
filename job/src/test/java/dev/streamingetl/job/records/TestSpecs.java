package dev.streamingetl.job.records;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Specs the record tests share beside the shipped ones. */
final class TestSpecs {

    static final String EVERY_TYPE = "every-type.yaml";

    private TestSpecs() {}

    /**
     * What the shipped examples leave out: a pattern with classes and counts, upper-casing, epoch
     * millis, booleans, a nested integer, a number bounded on one side, no distinct; {@code
     * seen_at} in the time format given.
     */
    static Path everyType(Path dir, String seenAtFormat) throws IOException {
        return Files.writeString(
                dir.resolve(EVERY_TYPE),
                """
                version: 1
                fields:
                  code:    {type: string, required: true, normalize: [upper], pattern: "[A-Z]{2}-\\\\d{3}"}
                  region:  {type: string, path: geo.region, required: true, enum: [north, south, east]}
                  at:      {type: timestamp, required: true, format: epoch_millis}
                  seen_at: {type: timestamp, format: %s}
                  flag:    {type: boolean, required: true}
                  depth:   {type: integer, path: geo.depth, required: true, min: -20, max: 20}
                  cost:    {type: number, max: 0}
                  note:    {type: string, min_length: 3, max_length: 5}
                  extra:   {type: json}
                event_time: at
                group_by: [code, region]
                measures:
                  depth: [sum, p99]
                  cost: [min]
                """
                        .formatted(seenAtFormat));
    }
}
