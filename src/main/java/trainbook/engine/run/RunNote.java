package trainbook.engine.run;

import com.google.gson.TypeAdapter;
import com.google.gson.annotations.JsonAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;

import java.io.IOException;
import java.util.Objects;

/**
 * One statement the engine makes about a run, with what kind of statement it is, so that readers (the doctor,
 * the magics, the run table) decide by the kind and never by the wording.
 *
 * <p>Saved as {@code {"kind": "ENGINE", "text": "…"}}. Records saved before notes had a kind hold plain strings;
 * {@link LegacyNotes} gives those their kind when they load.
 *
 * @param kind what the note is
 * @param text the sentence shown to the user
 */
@JsonAdapter(RunNote.Json.class)
public record RunNote(Kind kind, String text) {
    /** What a note says. */
    public enum Kind {
        /** Repeats a setting the user chose or its default (validation split, loss, schedule, metrics): shown
         *  with the run's settings, not repeated as a finding. */
        SETTING,
        /** A capability limit of the engine or an adjustment it made (clipping by value, float32 only, inputs
         *  standardised, weights restored): stated to the user so nothing changes silently. */
        ENGINE,
        /** The model's input does not fit the data's sample shape (the text is the engine's message). */
        SHAPE_MISMATCH,
        /** The record could not be saved (the text says why). */
        SAVE_FAILED
    }

    public RunNote {
        Objects.requireNonNull(kind, "kind");
        text = text == null ? "" : text;
    }

    /** A note that repeats a setting. */
    public static RunNote setting(String text) { return new RunNote(Kind.SETTING, text); }

    /** A note on a capability limit or an adjustment. */
    public static RunNote engine(String text) { return new RunNote(Kind.ENGINE, text); }

    @Override public String toString() { return text; }

    /** Writes a note as an object; reads an object or a plain string (records saved before notes had a kind). */
    static final class Json extends TypeAdapter<RunNote> {
        @Override
        public void write(JsonWriter out, RunNote n) throws IOException {
            if (n == null) {
                out.nullValue();
                return;
            }
            out.beginObject().name("kind").value(n.kind().name()).name("text").value(n.text()).endObject();
        }

        @Override
        public RunNote read(JsonReader in) throws IOException {
            JsonToken t = in.peek();
            if (t == JsonToken.NULL) {
                in.nextNull();
                return null;
            }
            if (t == JsonToken.STRING) return LegacyNotes.note(in.nextString());
            Kind kind = Kind.ENGINE;
            String text = "";
            in.beginObject();
            while (in.hasNext()) {
                String field = in.nextName();
                if (field.equals("kind")) {
                    String k = in.nextString();
                    try {
                        kind = Kind.valueOf(k);
                    } catch (IllegalArgumentException e) {
                        throw new com.google.gson.JsonParseException("note kind '" + k + "' at " + in.getPath()
                                + ": valid: " + java.util.Arrays.toString(Kind.values()));
                    }
                } else if (field.equals("text")) {
                    text = in.peek() == JsonToken.NULL ? nullText(in) : in.nextString();
                } else {
                    in.skipValue();
                }
            }
            in.endObject();
            return new RunNote(kind, text);
        }

        private static String nullText(JsonReader in) throws IOException {
            in.nextNull();
            return "";
        }
    }
}
