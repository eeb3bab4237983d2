package dev.streamingetl.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code bin/bench --mode parser}: {@link ParserBenchmark} under JMH, the spec parser and its
 * Jackson path alone on every shipped spec, and the contract's parser on the default spec's
 * records, as a table of ns per record.
 */
final class ParserRun {

    /** One figure: which parser on which spec's records, ns per record and JMH's error. */
    record Figure(String parser, String spec, double nanos, double error) {}

    private ParserRun() {}

    /** Runs it; {@code quick} for a check that it still runs (tests), not for figures. */
    static List<Figure> run(Path repo, boolean quick) throws RunnerException {
        List<Figure> figures = new ArrayList<>();
        figures.addAll(
                run(options(repo, quick).include(ParserBenchmark.class.getName() + ".specParser")));
        figures.addAll(
                run(
                        options(repo, quick)
                                .include(ParserBenchmark.class.getName() + ".jacksonPath")));
        figures.addAll(
                run(
                        options(repo, quick)
                                .include(ParserBenchmark.class.getName() + ".contractParser")
                                .param("spec", "default")));
        return figures;
    }

    static String table(List<Figure> figures) {
        StringBuilder t =
                new StringBuilder(
                        "| parser | records of | ns per record | ± (99.9%) |\n| --- | --- | --- | --- |\n");
        for (Figure f : figures) {
            t.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s | %,.0f | %,.0f |%n",
                            f.parser(),
                            f.spec(),
                            f.nanos(),
                            f.error()));
        }
        return t.toString();
    }

    private static ChainedOptionsBuilder options(Path repo, boolean quick) {
        ChainedOptionsBuilder o =
                new OptionsBuilder().param("repo", repo.toAbsolutePath().toString());
        if (quick) {
            o.forks(0)
                    .warmupIterations(0)
                    .measurementIterations(1)
                    .measurementTime(TimeValue.milliseconds(200));
        }
        return o;
    }

    private static List<Figure> run(ChainedOptionsBuilder options) throws RunnerException {
        List<Figure> figures = new ArrayList<>();
        for (RunResult r : new Runner(options.build()).run()) {
            String method = r.getParams().getBenchmark();
            figures.add(
                    new Figure(
                            method.substring(method.lastIndexOf('.') + 1),
                            r.getParams().getParam("spec"),
                            r.getPrimaryResult().getScore(),
                            r.getPrimaryResult().getScoreError()));
        }
        return figures;
    }
}
