package org.agencyverify.common.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The one-line rule, character class by character class. */
class OneLineTextTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "2026-CR-2291",
        "Ünïcödé \"2026/CR-7\" <script>alert('x')</script> & Жуков 東京 قضية ✓ — §4 [a]{b} \\ end",
        "Case № 12/3 (appeal) – 50 % · €10 · ½ · 𝟙𝟚",   // symbols, numbers, a math digit outside the BMP
        "नमस्ते पुलिस",                                        // Devanagari: combining marks after letters
        "Tiếng Việt",                                          // precomposed and a mark
        "e\u0301\u0302\u0323\u0304",                           // four marks in a row: allowed
        "Jane O’Brien-Smith",
        "😀 emoji",
        " leading and trailing spaces ",
        "",
    })
    void acceptsOneLineOfVisibleCharacters(String value) {
        assertTrue(OneLineText.isOneLine(value), value);
        assertEquals(value, OneLineText.neutralized(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "a\nb", "a\rb", "a\r\nb", "a\tb", "a\u0000b", "a\u0007b", "a\u001Bb", "a\u007Fb", "a\u0085b",   // controls, NEL
        "a\u2028b", "a\u2029b",                                   // line and paragraph separators
        "a\u202Eb", "a\u202Ab", "a\u202Bb", "a\u202Cb", "a\u202Db",  // bidi embeddings and overrides
        "a\u2066b", "a\u2067b", "a\u2068b", "a\u2069b",          // bidi isolates
        "a\u200Bb", "a\u200Cb", "a\u200Db", "a\u200Eb", "a\u200Fb", "a\u061Cb", // zero width, marks of direction
        "a\u00ADb", "a\uFEFFb", "a\u2060b", "a\u2062b",          // soft hyphen, BOM, word joiner, invisible times
        "a\u00A0b", "a\u2003b", "a\u3000b", "a\u200Ab",          // spaces other than U+0020
        "a\u3164b", "a\u115Fb", "a\uFFA0b", "a\u034Fb", "a\uFE0Fb", "a\u2800b", // render as nothing or blank
        "a\uE000b",                                               // private use
        "a\uD800b",                                               // lone surrogate
        "a\u0378b",                                               // unassigned
        "a\u20DDb",                                               // enclosing mark
        "\u0301abc",                                              // a mark would join the character before the text
        "e\u0301\u0302\u0323\u0304\u0305",                        // five marks: a pile
    })
    void refusesEverythingThatCouldBreakOrHideTheLine(String value) {
        assertFalse(OneLineText.isOneLine(value), () -> value.codePoints().mapToObj(Integer::toHexString).toList().toString());
    }

    @Test
    void tagCharactersOutsideTheBmpAreRefused() {
        assertFalse(OneLineText.isOneLine("flag" + new String(Character.toChars(0xE0041))));
        assertTrue(OneLineText.isOneLine("math " + new String(Character.toChars(0x1D7D9))));
    }

    @Test
    void nullIsLeftToTheOtherConstraints() {
        assertTrue(OneLineText.isOneLine(null));
        assertEquals("", OneLineText.neutralized(null));
    }

    @Test
    void neutralizedReplacesEachRefusedCharacterAndKeepsTheRest() {
        assertEquals("2026\uFFFD\uFFFDCode\uFFFDZZZZ", OneLineText.neutralized("2026\r\nCode\u202EZZZZ"));
        assertTrue(OneLineText.isOneLine(OneLineText.neutralized("x\u0000y\u2028z\u200B")));
    }

    @Test
    void quotedEscapesQuotesAndBackslashesSoTheEndIsPlain() {
        assertEquals("\"A \\\"B\\\" \\\\ C\"", OneLineText.quoted("A \"B\" \\ C"));
        assertEquals("\"x\uFFFDy\"", OneLineText.quoted("x\ny"));
        assertEquals("\"\"", OneLineText.quoted(null));
    }
}
