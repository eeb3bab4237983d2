package dev.streamingetl.job.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Reads a test's lake with DuckDB, an independent Parquet reader, not the code that wrote it. */
public final class Lake {

    private Lake() {}

    /**
     * Runs {@code sql}, in which {@code {lake}} stands for the lake's Parquet files read with Hive
     * partitioning and {@code {files}} for their glob; returns each row's columns joined with
     * {@code |}, SQL NULL as {@code null}.
     */
    public static List<String> rows(Path lake, String sql) throws SQLException {
        return query(sql.replace("{lake}", table(lake)).replace("{files}", files(lake)));
    }

    /** The Parquet files of a table under {@code root}, read with Hive partitioning. */
    public static String table(Path root) {
        return "read_parquet(" + files(root) + ", hive_partitioning = true)";
    }

    private static String files(Path root) {
        return "'" + root + "/**/*.parquet'";
    }

    /** Runs {@code sql}; returns each row's columns joined with {@code |}, SQL NULL as null. */
    public static List<String> query(String query) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
                Statement st = db.createStatement();
                ResultSet rs = st.executeQuery(query)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i > 1 ? "|" : "").append(rs.getObject(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }
}
