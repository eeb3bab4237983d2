package dev.streamingetl.job.sinks;

import dev.streamingetl.job.config.ConfigException;
import dev.streamingetl.job.config.IcebergSettings;
import dev.streamingetl.job.config.JobConfig;
import dev.streamingetl.job.records.AggregateColumns;
import dev.streamingetl.spec.FieldSpec;
import dev.streamingetl.spec.PipelineSpec;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * The lake's Iceberg tables as a pipeline spec defines them: their catalog, schema and partitions,
 * and the check before a job starts that each exists (created if missing) and fits the spec.
 */
public final class IcebergTables {

    public static final String AGGREGATES = "aggregates";
    public static final String RAW_EVENTS = "raw_events";

    /** The catalog's name, which some catalogs (JDBC) keep with each table. */
    public static final String CATALOG_NAME = "lake";

    private IcebergTables() {}

    /** One of the lake's tables: where it is and what it holds. */
    public record Definition(
            CatalogLoader catalog,
            TableIdentifier id,
            Schema schema,
            PartitionSpec partitions,
            String location) {}

    /** The aggregate table: the spec's aggregate columns, by partition field and hour. */
    public static Definition aggregates(JobConfig config) {
        PipelineSpec spec = config.pipeline();
        AggregateColumns columns = new AggregateColumns(spec);
        List<Types.NestedField> fields = new ArrayList<>();
        fields.add(Types.NestedField.required(1, "window_start", Types.TimestampType.withZone()));
        fields.add(Types.NestedField.required(2, "window_end", Types.TimestampType.withZone()));
        for (String group : columns.group()) {
            fields.add(Types.NestedField.required(fields.size() + 1, group, string()));
        }
        for (int i = 0; i < columns.values().size(); i++) {
            String name = columns.values().get(i);
            fields.add(
                    columns.isCount(i)
                            ? Types.NestedField.required(
                                    fields.size() + 1, name, Types.LongType.get())
                            : Types.NestedField.optional(
                                    fields.size() + 1, name, Types.DoubleType.get()));
        }
        fields.add(
                Types.NestedField.required(
                        fields.size() + 1, "emitted_at", Types.TimestampType.withZone()));
        Schema schema = new Schema(fields);
        return definition(
                config.iceberg(),
                config.outputPath(),
                AGGREGATES,
                schema,
                partitions(schema, spec, "window_start"));
    }

    /** The raw event table: one typed column per spec field and the event's source position. */
    public static Definition rawEvents(JobConfig config) {
        PipelineSpec spec = config.pipeline();
        List<Types.NestedField> fields = new ArrayList<>();
        for (FieldSpec f : spec.fields()) {
            Type type =
                    switch (f.type()) {
                        case STRING, JSON -> string();
                        case NUMBER -> Types.DoubleType.get();
                        case INTEGER -> Types.LongType.get();
                        case BOOLEAN -> Types.BooleanType.get();
                        case TIMESTAMP -> Types.TimestampType.withZone();
                    };
            fields.add(Types.NestedField.of(fields.size() + 1, !f.required(), f.name(), type));
        }
        fields.add(
                Types.NestedField.required(
                        fields.size() + 1, "source_partition", Types.IntegerType.get()));
        fields.add(
                Types.NestedField.required(
                        fields.size() + 1, "source_offset", Types.LongType.get()));
        Schema schema = new Schema(fields);
        return definition(
                config.iceberg(),
                config.rawOutputPath(),
                RAW_EVENTS,
                schema,
                partitions(schema, spec, spec.eventTime()));
    }

    /**
     * Creates each table the job writes that does not exist yet, and refuses one whose columns do
     * not fit the spec: before the job starts rather than at its first commit.
     */
    public static void prepare(JobConfig config) throws ConfigException {
        if (!config.writesIceberg()) {
            return;
        }
        try {
            if (config.writesLake()) {
                prepare(aggregates(config));
            }
            if (config.rawOutputPath() != null) {
                prepare(rawEvents(config));
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    static void prepare(Definition table) throws ConfigException {
        Catalog catalog;
        try {
            catalog = table.catalog().loadCatalog();
        } catch (RuntimeException e) {
            throw new ConfigException(
                    "--iceberg-catalog: the catalog cannot be opened: " + oneLine(e));
        }
        try {
            if (!catalog.tableExists(table.id())) {
                create(catalog, table);
                return;
            }
            String misfit = misfit(catalog.loadTable(table.id()).schema(), table.schema());
            if (misfit != null) {
                throw new ConfigException(
                        "--lake-format iceberg: table "
                                + table.id()
                                + " does not fit the pipeline spec: "
                                + misfit
                                + " (use another --iceberg-namespace, or drop the table)");
            }
        } catch (RuntimeException e) {
            throw new ConfigException(
                    "--lake-format iceberg: table "
                            + table.id()
                            + " cannot be used: "
                            + oneLine(e));
        } finally {
            if (catalog instanceof Closeable closeable) {
                try {
                    closeable.close();
                } catch (IOException e) {
                    // Only the check's own connection; the job opens its own.
                }
            }
        }
    }

    private static void create(Catalog catalog, Definition table) {
        Namespace namespace = table.id().namespace();
        if (catalog instanceof SupportsNamespaces namespaces
                && !namespaces.namespaceExists(namespace)) {
            try {
                namespaces.createNamespace(namespace);
            } catch (AlreadyExistsException e) {
                // Made by another job in the meantime: as good.
            }
        }
        try {
            Catalog.TableBuilder builder =
                    catalog.buildTable(table.id(), table.schema())
                            .withPartitionSpec(table.partitions())
                            .withProperty("format-version", "2");
            if (table.location() != null) {
                builder.withLocation(table.location());
            }
            builder.create();
        } catch (AlreadyExistsException e) {
            // Made by another job in the meantime; it is checked when this one loads it.
        }
    }

    /** A failure as one line: catalogs answer with JSON bodies and stack traces in messages. */
    static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.toString() : root.getMessage();
        return message.replaceAll("\\s+", " ").strip();
    }

    /** The first column where the table's schema differs from the spec's, or null if none. */
    static String misfit(Schema table, Schema wanted) {
        List<Types.NestedField> have = table.columns();
        List<Types.NestedField> want = wanted.columns();
        for (int i = 0; i < Math.max(have.size(), want.size()); i++) {
            String h = i < have.size() ? describe(have.get(i)) : null;
            String w = i < want.size() ? describe(want.get(i)) : null;
            if (h == null) {
                return "it lacks column " + (i + 1) + ", " + w;
            }
            if (w == null) {
                return "it has a column " + (i + 1) + " the spec does not give, " + h;
            }
            if (!h.equals(w)) {
                return "column " + (i + 1) + " is " + h + " in the table, the spec gives " + w;
            }
        }
        return null;
    }

    private static String describe(Types.NestedField f) {
        return "'" + f.name() + "' " + f.type() + (f.isRequired() ? " required" : " optional");
    }

    private static PartitionSpec partitions(Schema schema, PipelineSpec spec, String hourOf) {
        PartitionSpec.Builder b = PartitionSpec.builderFor(schema);
        for (String field : spec.partitionBy()) {
            b.identity(field);
        }
        return b.hour(hourOf).build();
    }

    /**
     * A table in the configured catalog, or by default in a Hadoop catalog whose warehouse is
     * {@code path}. Either way it lives at {@code <path>/<namespace folders>/<table>}: where the
     * Parquet lake would be, and the same for every catalog.
     */
    private static Definition definition(
            IcebergSettings iceberg,
            String path,
            String table,
            Schema schema,
            PartitionSpec partitions) {
        Namespace namespace = Namespace.of(iceberg.namespace().split("\\."));
        String root = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return new Definition(
                catalog(iceberg, path),
                TableIdentifier.of(namespace, table),
                schema,
                partitions,
                iceberg.isDefaultCatalog()
                        ? null
                        : root + "/" + String.join("/", namespace.levels()) + "/" + table);
    }

    /**
     * The configured catalog, or by default a Hadoop catalog whose warehouse is {@code
     * defaultWarehouse}: the table then lives under the path its Parquet files would.
     *
     * @throws IllegalArgumentException naming the setting to fix
     */
    static CatalogLoader catalog(IcebergSettings iceberg, String defaultWarehouse) {
        Map<String, String> properties = new HashMap<>(iceberg.catalog());
        org.apache.hadoop.conf.Configuration hadoop = new org.apache.hadoop.conf.Configuration();
        if (iceberg.isDefaultCatalog()) {
            if (defaultWarehouse.startsWith("s3")) {
                throw new IllegalArgumentException(
                        "--lake-format iceberg on S3 needs a catalog: the default Hadoop catalog"
                                + " commits by renaming files, which S3 cannot do atomically; give"
                                + " --iceberg-catalog catalog-type=rest --iceberg-catalog uri=URL"
                                + " (or catalog-impl=org.apache.iceberg.jdbc.JdbcCatalog and"
                                + " uri=jdbc:...)");
            }
            properties.put("warehouse", defaultWarehouse);
        } else {
            // S3FileIO for s3:// locations and Hadoop's file systems for the others.
            properties.putIfAbsent("io-impl", "org.apache.iceberg.io.ResolvingFileIO");
            // The one HTTP client of AWS's SDK in the job jar.
            properties.putIfAbsent("http-client.type", "urlconnection");
        }
        String impl = properties.get("catalog-impl");
        if (impl != null) {
            return CatalogLoader.custom(CATALOG_NAME, properties, hadoop, impl);
        }
        String type = properties.getOrDefault("catalog-type", "hadoop");
        return switch (type) {
            case "hadoop" -> {
                if (!properties.containsKey("warehouse")) {
                    throw new IllegalArgumentException(
                            "--iceberg-catalog catalog-type=hadoop needs warehouse=PATH");
                }
                yield CatalogLoader.hadoop(CATALOG_NAME, hadoop, properties);
            }
            case "rest" -> {
                if (!properties.containsKey("uri")) {
                    throw new IllegalArgumentException(
                            "--iceberg-catalog catalog-type=rest needs uri=http://HOST:PORT/");
                }
                yield CatalogLoader.rest(CATALOG_NAME, hadoop, properties);
            }
            default ->
                    throw new IllegalArgumentException(
                            "--iceberg-catalog catalog-type="
                                    + type
                                    + " is not one of hadoop, rest (or give catalog-impl=CLASS)");
        };
    }

    private static Type string() {
        return Types.StringType.get();
    }
}
