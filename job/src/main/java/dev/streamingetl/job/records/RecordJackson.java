package dev.streamingetl.job.records;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.RecyclerPool;
import java.io.IOException;

/** Jackson as the parsers of records use it, and how their reasons name what Jackson found. */
final class RecordJackson {

    private RecordJackson() {}

    /**
     * Jackson's factory as every parser of records needs it: bounded so that no record can exhaust
     * the stack or the heap of a task, and with one buffer recycler per parser.
     */
    static JsonFactory jsonFactory(int maxRecordBytes) {
        return JsonFactory.builder()
                .streamReadConstraints(
                        StreamReadConstraints.builder()
                                .maxNestingDepth(200)
                                .maxNumberLength(1000)
                                .maxStringLength(Math.max(maxRecordBytes, 1))
                                .build())
                // Parses values exactly as the JDK does, several times faster.
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                .recyclerPool(new OneRecycler())
                .build();
    }

    static String kind(JsonToken token) {
        if (token == null) {
            return "empty";
        }
        return switch (token) {
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.name();
        };
    }

    static String describe(IOException e) {
        String message =
                e instanceof com.fasterxml.jackson.core.JsonProcessingException j
                        ? j.getOriginalMessage()
                        : e.getMessage();
        return shorten(message == null ? e.getClass().getSimpleName() : message.replace('\n', ' '));
    }

    static String shorten(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    /**
     * The parser's buffers, kept for the next record: a parser is only ever used by one thread at a
     * time, so Jackson's default thread-local pool (a lookup per record) is not needed.
     */
    private static final class OneRecycler implements RecyclerPool<BufferRecycler> {
        private static final long serialVersionUID = 1L;
        private final transient BufferRecycler recycler = new BufferRecycler();

        @Override
        public BufferRecycler acquirePooled() {
            return recycler;
        }

        @Override
        public void releasePooled(BufferRecycler pooled) {}
    }
}
