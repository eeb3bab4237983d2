package dev.streamingetl.job.config;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * The properties of the Iceberg catalog that holds the lake's tables, in Iceberg's own names
 * ({@code catalog-type}, {@code catalog-impl}, {@code uri}, {@code warehouse}, ...); empty for the
 * default, a Hadoop catalog on the lake's path. Values may be credentials, so only the keys are
 * printed. The tables are {@code <namespace>.aggregates} and {@code <namespace>.raw_events}.
 */
public record IcebergCatalog(String namespace, Map<String, String> properties)
        implements Serializable {

    public static final String DEFAULT_NAMESPACE = "etl";

    public static final IcebergCatalog DEFAULT = new IcebergCatalog(DEFAULT_NAMESPACE, Map.of());

    public IcebergCatalog {
        properties = Map.copyOf(properties);
    }

    /** True if no catalog was configured: each table lives in a Hadoop catalog on its path. */
    public boolean isDefault() {
        return properties.isEmpty();
    }

    @Override
    public String toString() {
        return "IcebergCatalog[namespace="
                + namespace
                + ", "
                + new TreeMap<>(properties).keySet()
                + "]";
    }
}
