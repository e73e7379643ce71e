package org.agencyverify.console;

/**
 * Paging links of a console list (the tag tags/pager.html): {@code number} counts from 1 for people;
 * {@code previous} and {@code next} are the 0-based page parameters appended to {@code link}, the list's
 * address with its filters, ending in {@code ?} or {@code &}.
 */
record Pager(int number, long pages, long total, int previous, int next, boolean hasPrevious, boolean hasNext, String link) {

    static Pager of(int page, int size, long total, String link) {
        long pages = Math.max(1, (total + size - 1) / size);
        return new Pager(page + 1, pages, total, page - 1, page + 1, page > 0, page + 1 < pages, link);
    }
}
