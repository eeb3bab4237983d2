package dev.streamingetl.job.sinks;

import dev.streamingetl.job.records.FieldSlots;
import dev.streamingetl.job.records.RawFields;
import dev.streamingetl.job.records.SpecAggregate;
import dev.streamingetl.job.records.SpecEvent;
import dev.streamingetl.spec.FieldType;
import dev.streamingetl.spec.PipelineSpec;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;

/**
 * The rows of the Iceberg tables, in the columns {@link IcebergTables} gives them: the same values
 * the Parquet writers write, as Flink's {@link RowData}, which Iceberg's sink takes.
 */
final class IcebergRows {

    private IcebergRows() {}

    /** The aggregate rows {@link LakeBatcher} releases; its partition marks have no use here. */
    static final class Aggregates
            implements FlatMapFunction<Either<SpecAggregate, String>, RowData> {

        @Override
        public void flatMap(Either<SpecAggregate, String> batched, Collector<RowData> out) {
            if (batched.isLeft()) {
                out.collect(row(batched.left()));
            }
        }

        static RowData row(SpecAggregate a) {
            String[] group = a.group();
            Object[] values = a.values();
            GenericRowData row = new GenericRowData(group.length + values.length + 3);
            int i = 0;
            row.setField(i++, TimestampData.fromEpochMillis(a.windowStart()));
            row.setField(i++, TimestampData.fromEpochMillis(a.windowEnd()));
            for (String g : group) {
                row.setField(i++, StringData.fromString(g));
            }
            for (Object v : values) {
                // Counts are Longs, the other figures Doubles or null: the column types.
                row.setField(i++, v);
            }
            row.setField(i, TimestampData.fromEpochMillis(a.emittedAt()));
            return row;
        }
    }

    /** The raw table's row of a valid event: its fields as validated, then where it was read. */
    static final class RawEvents implements MapFunction<SpecEvent, RowData> {

        private final FieldSlots slots;
        private final RawFields json;

        RawEvents(PipelineSpec spec) {
            slots = new FieldSlots(spec);
            json = new RawFields(spec);
        }

        @Override
        public RowData map(SpecEvent e) throws Exception {
            String[] jsonValues = json.read(e.raw());
            GenericRowData row = new GenericRowData(slots.size() + 2);
            int jsonField = 0;
            for (int i = 0; i < slots.size(); i++) {
                FieldType type = slots.field(i).type();
                if (type == FieldType.JSON) {
                    String value = jsonValues[jsonField++];
                    row.setField(i, value == null ? null : StringData.fromString(value));
                } else if (slots.present(e, i)) {
                    row.setField(
                            i,
                            switch (type) {
                                case STRING -> StringData.fromString(e.strings()[slots.slot(i)]);
                                case NUMBER -> e.numbers()[slots.slot(i)];
                                case BOOLEAN -> e.longs()[slots.slot(i)] != 0;
                                case TIMESTAMP ->
                                        TimestampData.fromEpochMillis(e.longs()[slots.slot(i)]);
                                default -> e.longs()[slots.slot(i)];
                            });
                }
            }
            row.setField(slots.size(), e.sourcePartition());
            row.setField(slots.size() + 1, e.sourceOffset());
            return row;
        }
    }
}
