package org.agencyverify.agency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvImportRulesTest {

    private static List<CsvReader.Row> rows(String csv) {
        CsvReader reader = new CsvReader(new StringReader(csv));
        List<CsvReader.Row> rows = new ArrayList<>();
        for (CsvReader.Row row = reader.next(); row != null; row = reader.next()) {
            rows.add(row);
        }
        return rows;
    }

    @Test
    void readsQuotedFieldsCrlfAndLineNumbers() {
        List<CsvReader.Row> rows = rows("a,b,c\r\n1,\"Town of Acton, MA\",\"say \"\"hi\"\"\"\r\n\r\n2,\"two\nlines\",\r\n3,x,y");
        assertEquals(4, rows.size());
        assertEquals(List.of("a", "b", "c"), rows.get(0).fields());
        assertEquals(List.of("1", "Town of Acton, MA", "say \"hi\""), rows.get(1).fields());
        assertEquals(2, rows.get(1).line());
        assertEquals(List.of("2", "two\nlines", ""), rows.get(2).fields());
        assertEquals(4, rows.get(2).line());
        assertEquals(6, rows.get(3).line());
    }

    @Test
    void malformedQuotingIsRefusedWithItsLine() {
        var open = assertThrows(CsvReader.MalformedCsvException.class, () -> rows("a,b\n1,\"never closed\n"));
        assertEquals(2, open.line());
        var junk = assertThrows(CsvReader.MalformedCsvException.class, () -> rows("a,b\n\"x\"y,z\n"));
        assertEquals(2, junk.line());
    }

    @Test
    void columnsAreFoundByNameInAnyOrder() {
        List<String> missing = new ArrayList<>();
        DotgovRows columns = DotgovRows.fromHeader(List.of("State", "Agency", "Organization name", "Domain type", "Domain name"), missing);
        assertEquals(List.of(), missing);
        Object read = columns.read(new CsvReader.Row(7, List.of("TX", "x", "City of Austin", "City", "AustinTexas.GOV")));
        DotgovRows.Candidate candidate = assertInstanceOf(DotgovRows.Candidate.class, read);
        assertEquals("austintexas.gov", candidate.domain());
        assertEquals(AgencyKind.CITY, candidate.kind());
        assertEquals("TX", candidate.region());
        assertEquals("City of Austin", candidate.name());
    }

    @Test
    void missingColumnsAreNamed() {
        List<String> missing = new ArrayList<>();
        DotgovRows.fromHeader(List.of("Domain name", "City"), missing);
        assertEquals(List.of("Domain type", "Organization name", "State"), missing);
    }

    @Test
    void badRowsAreRejectedWithReasons() {
        List<String> header = List.of("Domain name", "Domain type", "Organization name", "Suborganization name", "State");
        DotgovRows columns = DotgovRows.fromHeader(header, new ArrayList<>());
        List<DotgovRows.Candidate> candidates = new ArrayList<>();
        List<DotgovRows.Rejection> rejections = new ArrayList<>();
        DotgovRows.split(columns, List.of(
                new CsvReader.Row(2, List.of("ok.gov", "County", "Some County", "Sheriff's Office", "(blank)")),
                new CsvReader.Row(3, List.of("10.0.0.1", "County", "Org", "", "CA")),
                new CsvReader.Row(4, List.of("x.gov", "Galactic", "Org", "", "CA")),
                new CsvReader.Row(5, List.of("y.gov", "City", "", "", "CA")),
                new CsvReader.Row(6, List.of("z.gov", "City"))), candidates, rejections, header.size());
        assertEquals(1, candidates.size());
        assertEquals("Some County - Sheriff's Office", candidates.get(0).name());
        assertNull(candidates.get(0).region());
        assertEquals(List.of(3, 4, 5, 6), rejections.stream().map(DotgovRows.Rejection::line).toList());
        assertEquals("Domain name is not a valid domain", rejections.get(0).reason());
        assertEquals("Domain type is empty or unknown", rejections.get(1).reason());
        assertEquals("Organization name is empty", rejections.get(2).reason());
    }

    @Test
    void namesThatAreNotOneLineAreRejected() {
        List<String> header = List.of("Domain name", "Domain type", "Organization name", "State");
        DotgovRows columns = DotgovRows.fromHeader(header, new ArrayList<>());
        Object twoLines = columns.read(new CsvReader.Row(9, List.of("a.gov", "City", "Town of A\nCode ZZZZ-ZZZZ", "MA")));
        Object override = columns.read(new CsvReader.Row(10, List.of("b.gov", "City", "Town of B", "M\u202EA")));
        assertEquals(9, assertInstanceOf(DotgovRows.Rejection.class, twoLines).line());
        assertEquals(true, ((DotgovRows.Rejection) twoLines).reason().startsWith("Organization name must be one line"));
        assertEquals(true, assertInstanceOf(DotgovRows.Rejection.class, override).reason().startsWith("State must be one line"));
    }
}
