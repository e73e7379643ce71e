package org.agencyverify.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.agencyverify.agency.AgencyDtos.AgencyView;
import org.agencyverify.agency.AgencyService;
import org.agencyverify.common.purpose.Purpose;
import org.agencyverify.common.security.Caller;
import org.agencyverify.verification.AgencyVerifications;
import org.agencyverify.verification.AgencyVerifications.Counts;
import org.agencyverify.verification.AgencyVerifications.Filter;
import org.agencyverify.verification.AgencyVerifications.ItemPage;
import org.agencyverify.verification.VerificationState;
import org.agencyverify.common.ratelimit.AdminApi;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every verification made in an agency's name, filterable by outcome, portal, purpose and dates (UTC),
 * 25 a page, under two charts of the last 30 days (by outcome, by portal) drawn on the server.
 */
@AdminApi
@Path("/console/agencies/{agencyId}/verifications")
@Produces(MediaType.TEXT_HTML)
public class VerificationsResource {

    static final int PAGE_SIZE = 25;
    static final Duration CHART_PERIOD = Duration.ofDays(30);

    /** The form's current values, as the page writes them back into its fields. */
    public record Query(String state, String portal, String purpose, String from, String until) {}

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(AgencyView agency, ItemPage verifications, Query query, Pager pager,
                List<String> states, List<String> purposes, Map<String, String> portals, Counts counts, List<Chart> charts);
    }

    private final ConsoleSession session;
    private final AgencyService agencies;
    private final AgencyVerifications verifications;

    VerificationsResource(ConsoleSession session, AgencyService agencies, AgencyVerifications verifications) {
        this.session = session;
        this.agencies = agencies;
        this.verifications = verifications;
    }

    @GET
    @Operation(hidden = true)
    public Response list(@PathParam("agencyId") String agencyId, @QueryParam("state") String state,
            @QueryParam("portal") String portal, @QueryParam("purpose") String purpose, @QueryParam("from") String from,
            @QueryParam("until") String until, @QueryParam("page") @DefaultValue("0") int page) {
        Optional<Response> refused = session.refusal();
        if (refused.isPresent()) {
            return refused.get();
        }
        Optional<UUID> id = ConsoleIds.uuid(agencyId);
        if (id.isEmpty()) {
            return ConsolePages.forbidden();
        }
        Caller caller = session.caller();
        AgencyView agency = agencies.get(caller, id.get());
        VerificationState chosenState = named(VerificationState.class, state);
        Purpose chosenPurpose = named(Purpose.class, purpose);
        UUID chosenPortal = ConsoleIds.uuid(portal).orElse(null);
        Instant fromDay = day(from);
        Instant untilDay = day(until);
        Filter filter = new Filter(chosenState, chosenPortal, chosenPurpose, fromDay,
                untilDay == null ? null : untilDay.plus(Duration.ofDays(1)));
        ItemPage list = verifications.list(caller, id.get(), filter, Math.max(0, page), PAGE_SIZE);
        Query query = new Query(chosenState == null ? "" : chosenState.name(), chosenPortal == null ? "" : chosenPortal.toString(),
                chosenPurpose == null ? "" : chosenPurpose.name(), dayText(fromDay), dayText(untilDay));
        String pageQuery = "state=" + query.state() + "&portal=" + query.portal() + "&purpose=" + query.purpose()
                + "&from=" + query.from() + "&until=" + query.until();
        Counts counts = verifications.counts(caller, id.get(), Instant.now().minus(CHART_PERIOD));
        return ConsolePages.html(200, Templates.list(agency, list, query,
                Pager.of(list.page(), PAGE_SIZE, list.total(), "/console/agencies/" + id.get() + "/verifications?" + pageQuery + "&"),
                names(VerificationState.values()), names(Purpose.values()), portals(verifications.portalsOf(caller, id.get())), counts,
                List.of(Chart.of("by-outcome", "Verifications of the last 30 days by outcome", counts.byState()),
                        Chart.of("by-portal", "Verifications of the last 30 days by portal", counts.byPortal()))));
    }

    @ServerExceptionMapper
    public Response failed(Throwable e) {
        return ConsolePages.failure("Console verifications page", e);
    }

    private static <E extends Enum<E>> E named(Class<E> type, String value) {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value)) {
                return constant;
            }
        }
        return null;
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }

    /** Portal ids as the filter's option values. */
    private static Map<String, String> portals(Map<UUID, String> byId) {
        Map<String, String> options = new java.util.LinkedHashMap<>();
        byId.forEach((portalId, name) -> options.put(portalId.toString(), name));
        return options;
    }

    private static String dayText(Instant day) {
        return day == null ? "" : LocalDate.ofInstant(day, ZoneOffset.UTC).toString();
    }

    /** A date field (yyyy-mm-dd) as the start of that day in UTC; anything else is no filter. */
    private static Instant day(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip()).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
