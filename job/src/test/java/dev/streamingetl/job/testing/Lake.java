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
        String files = "'" + lake + "/**/*.parquet'";
        String query =
                sql.replace("{lake}", "read_parquet(" + files + ", hive_partitioning = true)")
                        .replace("{files}", files);
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
