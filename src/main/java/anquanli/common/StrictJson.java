package anquanli.common;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

import java.io.IOException;

/**
 * How every JSON body (and every JSON part of a multipart form) is read, so that a client's mistake is refused as
 * a 400 problem before any resource sees it, instead of reaching PostgreSQL or Jackson's internals as a 500:
 * <ul>
 *     <li>A key given twice is refused: "which value wins" is not the client's to leave open, and a record built
 *     through its constructor otherwise fails in Jackson with a server error.</li>
 *     <li>A string (value or key) holding NUL (U+0000) is refused: PostgreSQL cannot store it in text or jsonb, and
 *     no field of the contract has a use for it.</li>
 *     <li>Nesting, string and name lengths are bounded well above any document of the contract (the deepest is
 *     four levels, the longest text 2,000 characters) and well below what a 51 MB body could make of them on the
 *     service's 256 MB heap.</li>
 * </ul>
 * Query, path and header values get the same NUL rule from {@link ParameterGuard}.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    /** Levels of arrays and objects (Jackson's own default is 1,000). */
    static final int MAX_NESTING = 100;
    /** Characters of one string value (Jackson's default is 20 million). */
    static final int MAX_STRING = 1_000_000;
    /** Characters of one key (Jackson's default is 50,000). */
    static final int MAX_NAME = 1_000;

    public static final String NUL_MESSAGE = "must not contain the NUL character (U+0000)";

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING).maxStringLength(MAX_STRING).maxNameLength(MAX_NAME).build());
        SimpleModule module = new SimpleModule("anquanli-strict-json");
        module.addDeserializer(String.class, new NulFreeString());
        module.addKeyDeserializer(String.class, new NulFreeKey());
        mapper.registerModule(module);
    }

    /** A string value or key with a NUL in it; {@link ProblemMapper} answers validation-failed naming the field. */
    public static final class NulCharacterException extends MismatchedInputException {
        NulCharacterException(JsonParser p) {
            super(p, NUL_MESSAGE);
        }
    }

    static final class NulFreeString extends StdScalarDeserializer<String> {

        NulFreeString() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return check(p, StringDeserializer.instance.deserialize(p, ctxt));
        }

        @Override
        public boolean isCachable() {
            return true;
        }
    }

    static final class NulFreeKey extends KeyDeserializer {
        @Override
        public Object deserializeKey(String key, DeserializationContext ctxt) throws IOException {
            return check(ctxt.getParser(), key);
        }
    }

    private static String check(JsonParser p, String value) throws NulCharacterException {
        if (value != null && value.indexOf('\0') >= 0) {
            throw new NulCharacterException(p);
        }
        return value;
    }
}
