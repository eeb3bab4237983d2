package dev.streamingetl.job.config;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the lake's Iceberg tables are kept, in Iceberg's own property names: the catalog that holds
 * them ({@code catalog-type}, {@code catalog-impl}, {@code uri}, {@code warehouse}, ...; empty for
 * the default, a Hadoop catalog on each table's path), the options of Iceberg's sink ({@code
 * write.*}, {@code flink-maintenance.*}) and whether the job compacts the tables and expires old
 * snapshots. The tables are {@code <namespace>.aggregates} and {@code <namespace>.raw_events}.
 * Values may be credentials, so only the keys are printed.
 */
public record IcebergSettings(
        String namespace,
        Map<String, String> catalog,
        Map<String, String> sinkOptions,
        boolean maintenance)
        implements Serializable {

    public static final String DEFAULT_NAMESPACE = "etl";

    public IcebergSettings {
        catalog = Map.copyOf(catalog);
        sinkOptions = Map.copyOf(sinkOptions);
    }

    /** True if no catalog was configured: each table lives in a Hadoop catalog on its path. */
    public boolean isDefaultCatalog() {
        return catalog.isEmpty();
    }

    @Override
    public String toString() {
        return "IcebergSettings[namespace="
                + namespace
                + ", catalog "
                + new TreeMap<>(catalog).keySet()
                + ", sink options "
                + new TreeMap<>(sinkOptions).keySet()
                + ", maintenance="
                + maintenance
                + "]";
    }
}
