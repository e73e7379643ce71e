package org.agencyverify.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A horizontal bar chart drawn on the server as inline SVG (no script, no inline style): each bar's
 * geometry computed here, in the SVG's own units; the page shows the same numbers as text too.
 */
record Chart(String id, String title, List<Bar> bars, int height) {

    static final int WIDTH = 400;
    static final int LABEL = 150;
    static final int ROW = 26;

    record Bar(String label, long count, int y, int width, int textY, int countX) {}

    static <K> Chart of(String id, String title, Map<K, Long> counts) {
        long max = counts.values().stream().mapToLong(Long::longValue).max().orElse(1);
        List<Bar> bars = new ArrayList<>();
        int y = 0;
        for (Map.Entry<K, Long> entry : counts.entrySet()) {
            int width = (int) Math.max(1, Math.round((WIDTH - LABEL - 50) * (double) entry.getValue() / Math.max(1, max)));
            bars.add(new Bar(String.valueOf(entry.getKey()), entry.getValue(), y + 4, width, y + 18, LABEL + width + 6));
            y += ROW;
        }
        return new Chart(id, title, bars, Math.max(ROW, y));
    }

    public int width() {
        return WIDTH;
    }

    public int labelWidth() {
        return LABEL;
    }
}
