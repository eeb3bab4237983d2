package dev.streamingetl.job.functions;

import org.apache.flink.api.java.functions.KeySelector;

/** The key of the window operator's input: the group of a partial ({@link GroupKey}). */
public final class ByGroup implements KeySelector<WindowPartial, String> {

    @Override
    public String getKey(WindowPartial partial) {
        return GroupKey.of(partial.group());
    }
}
