package dev.streamingetl.dashboard.view;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AnchorTarget;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import dev.streamingetl.dashboard.flink.FlinkStatus;
import java.time.Duration;
import java.util.Locale;

/**
 * The Flink job as its Web UI would tell it: state and uptime, restarts, the last checkpoint's age
 * and duration, failed checkpoints, records read per second and the busiest vertex's backpressure,
 * with a link to the job's page. Without figures, the one line that says why.
 */
class FlinkPanel extends Div {

    private final Anchor job = new Anchor();
    private final Span state = Texts.field("flink-state");
    private final Span restarts = Texts.field("flink-restarts");
    private final Span checkpoint = Texts.field("flink-checkpoint");
    private final Span records = Texts.field("flink-records");
    private final Span backpressure = Texts.field("flink-backpressure");
    private final Span problem = Texts.field("flink-problem");

    FlinkPanel() {
        addClassName("flink");
        getElement().setAttribute("data-testid", "flink");
        job.getElement().setAttribute("data-field", "flink-job");
        job.setTarget(AnchorTarget.BLANK);
        add(job, state, restarts, checkpoint, records, backpressure, problem);
    }

    void show(FlinkStatus s) {
        boolean ok = s != null && s.ok();
        getElement().setAttribute("data-state", ok ? s.state() : "unknown");
        problem.setText(s == null ? "" : ok ? "" : s.problem());
        for (Span f : new Span[] {state, restarts, checkpoint, records, backpressure}) {
            f.setVisible(ok);
        }
        job.setVisible(ok);
        if (!ok) {
            return;
        }
        job.setText(s.jobName());
        job.setHref(s.jobUrl());
        state.setText("● " + s.state() + " for " + duration(s.uptime()));
        state.getElement().setAttribute("data-state", s.state());
        restarts.setText(
                s.restarts() == 0
                        ? "no restarts"
                        : Texts.count(s.restarts()) + plural(" restart", s.restarts()));
        checkpoint.setText(
                (s.lastCheckpointAge() == null
                                ? "no checkpoint yet"
                                : "last checkpoint "
                                        + duration(s.lastCheckpointAge())
                                        + " ago, took "
                                        + millis(s.lastCheckpointDuration()))
                        + " · "
                        + Texts.count(s.completedCheckpoints())
                        + " completed, "
                        + Texts.count(s.failedCheckpoints())
                        + " failed");
        checkpoint.getElement().setAttribute("data-failed", Long.toString(s.failedCheckpoints()));
        records.setText(
                s.recordsInPerSecond() == null
                        ? "records in: not reported yet"
                        : Texts.count(Math.round(s.recordsInPerSecond())) + " records/s in");
        backpressure.setText(
                s.busiestVertex() == null
                        ? "backpressure: not reported yet"
                        : String.format(
                                Locale.ROOT,
                                "busiest: %s, %.0f%% backpressured",
                                s.busiestVertex(),
                                s.busiestBackpressure() * 100));
        backpressure
                .getElement()
                .setAttribute("data-high", Boolean.toString(s.busiestBackpressure() >= 0.5));
    }

    /** E.g. 45 s, 12 min, 3 h 5 min, 2 d 4 h. */
    static String duration(Duration d) {
        long s = d.toSeconds();
        if (s < 120) {
            return s + " s";
        }
        if (s < 2 * 3600) {
            return d.toMinutes() + " min";
        }
        if (s < 2 * 86400) {
            return d.toHours() + " h " + d.toMinutesPart() + " min";
        }
        return d.toDays() + " d " + d.toHoursPart() + " h";
    }

    private static String millis(Duration d) {
        return d.toMillis() < 10_000
                ? Texts.count(d.toMillis()) + " ms"
                : String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private static String plural(String word, long n) {
        return n == 1 ? word : word + "s";
    }
}
