package dev.streamingetl.dashboard;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the page shows ({@code dashboard.*}, overridable on the command line).
 *
 * @param windows how many windows the chart keeps
 * @param topTypes how many series (group values) get their own in the chart; the rest is summed as
 *     "other"
 * @param cards how many of the busiest series are shown as cards; the rest as rows of a table
 */
@ConfigurationProperties(prefix = "dashboard")
public record DashboardProperties(
        @DefaultValue("400") int windows,
        @DefaultValue("10") int topTypes,
        @DefaultValue("8") int cards) {}
