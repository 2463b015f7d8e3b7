package dev.profilebridge.console.web;

import dev.profilebridge.console.model.DeadLetterSummary;
import dev.profilebridge.console.model.Overview;

/**
 * One connector on the overview: its activity and dead letters, the chart's data as JSON for the page's script, or
 * why the connector did not answer (the other connectors are shown all the same).
 */
public record ConnectorPanel(String name, Overview overview, DeadLetterSummary summary, String chart, String error) {
}
