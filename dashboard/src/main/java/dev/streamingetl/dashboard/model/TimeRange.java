package dev.streamingetl.dashboard.model;

import java.time.Duration;

/**
 * How far back the chart and the cards look, from the newest window shown: the newest window seen
 * when live, the one at the pause when paused. Named in the page's URL by {@link #param()}.
 */
public enum TimeRange {
    LAST_5_MINUTES("5m", "5 min", Duration.ofMinutes(5)),
    LAST_15_MINUTES("15m", "15 min", Duration.ofMinutes(15)),
    LAST_60_MINUTES("60m", "60 min", Duration.ofMinutes(60));

    public static final TimeRange DEFAULT = LAST_15_MINUTES;

    private final String param;
    private final String label;
    private final Duration length;

    TimeRange(String param, String label, Duration length) {
        this.param = param;
        this.label = label;
        this.length = length;
    }

    public String param() {
        return param;
    }

    public String label() {
        return label;
    }

    public Duration length() {
        return length;
    }

    /** The range a URL names, or the default for none or one we do not know. */
    public static TimeRange ofParam(String param) {
        for (TimeRange r : values()) {
            if (r.param.equals(param)) {
                return r;
            }
        }
        return DEFAULT;
    }
}
