package org.agencyverify.common.text;

/**
 * Text that people type and a contact reads (a case reference, an officer's, agency's, portal's or
 * contact's name) is one line of visible characters, so it can only ever be data inside a message,
 * never layout: no new line or paragraph, no reordering, nothing hidden.
 *
 * <p>Allowed: Unicode letters, combining marks (needed by many scripts; at most {@value #MAX_MARKS} in a
 * row and never first, so they cannot pile over other lines or join the character before the text),
 * digits and other numbers, punctuation, symbols, and the plain space U+0020. Everything else is
 * refused: control characters (CR, LF, TAB, NUL, NEL), line and paragraph separators, every other space,
 * format characters (bidi overrides and isolates such as U+202E and U+2066-2069, zero-width characters
 * U+200B-U+200F, soft hyphen, BOM), private-use, unassigned and lone surrogate code points, enclosing
 * marks, and the characters Unicode renders as nothing (Default_Ignorable_Code_Point: Hangul fillers,
 * variation selectors, tags) or as a blank (U+2800). Plain Java, no framework.
 */
public final class OneLineText {

    /** What a refused field must be, as the 400 problem says it. */
    public static final String RULE = "must be one line of letters, digits, punctuation, symbols and plain spaces"
            + " (no line breaks, tabs, control, invisible or direction-changing characters)";

    /** Combining marks allowed in a row: enough for every script's stacked diacritics, not for a pile that spills over lines. */
    static final int MAX_MARKS = 4;

    private static final char REPLACEMENT = '\uFFFD';

    private OneLineText() {}

    /** True when {@code value} follows the rule; null is left to {@code @NotNull}/{@code @NotBlank}. */
    public static boolean isOneLine(String value) {
        if (value == null) {
            return true;
        }
        int marks = 0;
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            if (!allowed(cp)) {
                return false;
            }
            marks = isMark(cp) ? marks + 1 : 0;
            if (marks > MAX_MARKS || (marks > 0 && i == 0)) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }

    /**
     * The value with every refused character replaced by U+FFFD, for showing stored text that predates the
     * rule: whatever it holds, it stays on its line. Null reads as empty.
     */
    public static String neutralized(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(value.length());
        value.codePoints().forEach(cp -> {
            if (allowed(cp)) {
                out.appendCodePoint(cp);
            } else {
                out.append(REPLACEMENT);
            }
        });
        return out.toString();
    }

    /** The value between double quotes, its backslashes and quotes escaped, so a reader sees where it ends. */
    public static String quoted(String value) {
        return "\"" + neutralized(value).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static boolean allowed(int cp) {
        if (cp == ' ') {
            return true;
        }
        if (invisible(cp)) {
            return false;
        }
        return switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER, Character.MODIFIER_LETTER,
                    Character.OTHER_LETTER, Character.NON_SPACING_MARK, Character.COMBINING_SPACING_MARK,
                    Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER,
                    Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL,
                    Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }

    private static boolean isMark(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK;
    }

    /**
     * Default_Ignorable_Code_Point characters whose category is a letter or a mark (the format ones are
     * refused by category), and the braille blank: they render as nothing or as a space.
     */
    private static boolean invisible(int cp) {
        return cp == 0x034F                          // combining grapheme joiner
                || cp == 0x115F || cp == 0x1160      // Hangul choseong / jungseong fillers
                || cp == 0x17B4 || cp == 0x17B5      // Khmer inherent vowels
                || (cp >= 0x180B && cp <= 0x180F)    // Mongolian free variation selectors, vowel separator
                || cp == 0x2800                      // braille pattern blank
                || cp == 0x3164 || cp == 0xFFA0      // Hangul fillers
                || (cp >= 0xFE00 && cp <= 0xFE0F)    // variation selectors
                || (cp >= 0xE0000 && cp <= 0xE0FFF); // tags, variation selectors supplement
    }
}
