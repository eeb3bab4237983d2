package dev.streamingetl.dashboard.model;

import dev.streamingetl.dashboard.DashboardProperties;
import dev.streamingetl.dashboard.flink.FlinkStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * The live state every open page watches: the window model and the pipeline's health. Changes are
 * buffered and pushed to subscribers at most four times a second (Vaadin's advice for push), and at
 * least once a second so that ages keep ticking.
 */
@Service
public class DashboardFeed implements AutoCloseable {

    static final long PUSH_EVERY_MS = 250;

    private final WindowModel windows;
    private final PipelineHealth health;
    private final int topTypes;
    private final List<Consumer<State>> subscribers = new CopyOnWriteArrayList<>();
    private final AtomicBoolean dirty = new AtomicBoolean(true);
    private final ScheduledExecutorService pusher =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread t = new Thread(r, "dashboard-push");
                        t.setDaemon(true);
                        return t;
                    });
    private long lastPush;
    private volatile FlinkStatus flink;

    @Autowired
    public DashboardFeed(DashboardProperties properties) {
        this(
                new WindowModel(properties.windows()),
                new PipelineHealth(Clock.systemUTC()),
                properties.topTypes());
    }

    DashboardFeed(WindowModel windows, PipelineHealth health, int topTypes) {
        this.windows = windows;
        this.health = health;
        this.topTypes = topTypes;
        pusher.scheduleWithFixedDelay(
                this::pushIfDue, PUSH_EVERY_MS, PUSH_EVERY_MS, TimeUnit.MILLISECONDS);
    }

    public void aggregate(Aggregate a) {
        health.aggregateArrived(a.emittedAt());
        windows.put(a);
        dirty.set(true);
    }

    /** The Flink job's newest status (see {@code FlinkHealth}). */
    public void flink(FlinkStatus status) {
        flink = status;
        dirty.set(true);
    }

    public PipelineHealth health() {
        return health;
    }

    public void changed() {
        dirty.set(true);
    }

    /**
     * Calls {@code subscriber} with the current state now and on every push; the returned handle
     * unsubscribes.
     */
    public Runnable subscribe(Consumer<State> subscriber) {
        subscribers.add(subscriber);
        subscriber.accept(state());
        return () -> subscribers.remove(subscriber);
    }

    public State state() {
        Map<TimeRange, WindowModel.View> live = new EnumMap<>(TimeRange.class);
        for (TimeRange range : TimeRange.values()) {
            live.put(range, windows.view(topTypes, range, null));
        }
        return new State(live, health.snapshot(), flink);
    }

    /** One series' windows in {@code range} (see {@link WindowModel#history}). */
    public List<Aggregate> history(String series, TimeRange range, Instant until) {
        return windows.history(series, range, until);
    }

    /**
     * The windows of {@code range} up to the window that starts at {@code until}: a paused page.
     */
    public WindowModel.View windowsUntil(TimeRange range, Instant until) {
        return windows.view(topTypes, range, until);
    }

    private void pushIfDue() {
        long now = System.currentTimeMillis();
        if (!dirty.getAndSet(false) && now - lastPush < 1000) {
            return;
        }
        lastPush = now;
        if (subscribers.isEmpty()) {
            return;
        }
        State state = state();
        for (Consumer<State> subscriber : subscribers) {
            try {
                subscriber.accept(state);
            } catch (RuntimeException e) {
                // A page that went away without detaching must not stop the others' updates.
                subscribers.remove(subscriber);
            }
        }
    }

    @Override
    public void close() {
        pusher.shutdownNow();
    }

    /**
     * Everything a live page shows, computed once per push for all pages: the windows of every time
     * range, the topics' health and the Flink job's.
     */
    public record State(
            Map<TimeRange, WindowModel.View> windows,
            PipelineHealth.Snapshot health,
            FlinkStatus flink) {}
}
