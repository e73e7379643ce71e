package org.agencyverify.console;

/**
 * Paging links of a console list: {@code number} counts from 1 for people; {@code previous} and
 * {@code next} are the 0-based page parameters of the links.
 */
record Pager(int number, long pages, int previous, int next, boolean hasPrevious, boolean hasNext) {

    static Pager of(int page, int size, long total) {
        long pages = Math.max(1, (total + size - 1) / size);
        return new Pager(page + 1, pages, page - 1, page + 1, page > 0, page + 1 < pages);
    }
}
