package anquanli.common;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Path, query and header values the service cannot use, refused (or tidied) before a resource reads them, so that
 * they leave as 400 problems instead of errors deep in PostgreSQL or the framework:
 * <ul>
 *     <li>a NUL character (U+0000, {@code %00} once decoded): PostgreSQL cannot store or compare text holding it —
 *     {@code validation-failed} naming the parameter, as {@link StrictJson} does for JSON fields;</li>
 *     <li>a date parameter outside the years 1-9999 ({@code -999999999-01-01} parses as a LocalDate, but no
 *     PostgreSQL date holds it) — {@code invalid-parameter}, like any value that does not convert.</li>
 * </ul>
 */
@Provider
public class ParameterGuard implements ParamConverterProvider {

    @ServerRequestFilter
    public void refuseNul(ContainerRequestContext request, UriInfo uri) {
        check(uri.getPathParameters());
        check(uri.getQueryParameters());
        check(request.getHeaders());
    }

    private static void check(MultivaluedMap<String, String> values) {
        for (Map.Entry<String, List<String>> e : values.entrySet()) {
            if (e.getKey().indexOf('\0') >= 0) {
                throw ApiProblem.invalidField(e.getKey().replace('\0', '?'), "the name " + StrictJson.NUL_MESSAGE);
            }
            for (String v : e.getValue()) {
                if (v != null && v.indexOf('\0') >= 0) {
                    throw ApiProblem.invalidField(e.getKey(), StrictJson.NUL_MESSAGE);
                }
            }
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        return rawType == LocalDate.class ? (ParamConverter<T>) DATES : null;
    }

    private static final ParamConverter<LocalDate> DATES = new ParamConverter<>() {
        @Override
        public LocalDate fromString(String value) {
            if (value == null || value.isEmpty()) {
                return null;
            }
            LocalDate date = LocalDate.parse(value);
            if (date.getYear() < 1 || date.getYear() > 9999) {
                // an IllegalArgumentException is what ProblemMapper answers invalid-parameter for
                throw new IllegalArgumentException("Dates are between the years 1 and 9999: " + value);
            }
            return date;
        }

        @Override
        public String toString(LocalDate value) {
            return value.toString();
        }
    };
}
