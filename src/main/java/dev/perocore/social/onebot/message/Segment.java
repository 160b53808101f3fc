package dev.perocore.social.onebot.message;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Optional;

/**
 * One message segment: {@code {"type": ..., "data": {...}}} in the array format, {@code [CQ:type,k=v]}
 * (or plain text) in the string format.
 *
 * <p>Every record keeps the segment's {@code data} object exactly as received (NapCat adds fields the
 * spec does not name, e.g. {@code summary} and {@code sub_type} on images, and sends some values as
 * numbers), and offers typed accessors for the fields the spec names. Accessors read string or number
 * values alike and return the spec's string form. The set is closed over the spec's types plus NapCat's
 * ({@code mface}, {@code markdown}, {@code file}); any other type is a {@link Generic} with its data kept,
 * so nothing a peer sends is dropped and re-encoding gives it back.
 *
 * <p>Segments are immutable: the data object is copied on construction (unless a reader handed it over
 * whole through {@link SegmentData}) and {@link #data()} hands out a copy ({@link #dataView()} shares
 * it, read-only, with encoders). Build them with
 * {@link #of(String, JsonObject)} (which picks the record for the type) or the small factories
 * ({@link #text}, {@link #at}, {@link #reply}, {@link #face}, {@link #image}).
 */
public sealed interface Segment {

  /** The wire type name, e.g. {@code "text"}, {@code "at"}, {@code "mface"}. */
  String type();

  /** A copy of the segment's data as received (values usually strings, as the spec has them). */
  JsonObject data();

  /**
   * The segment's data itself, not a copy: for reading only (the encoders read it once per message,
   * where a copy per read was a measurable share of the inbound cost). Never change it: the segment
   * is immutable and a Message caches its encodings; take {@link #data()} for a copy to change.
   */
  JsonObject dataView();

  /** The segment as the array format's element: {@code {"type": ..., "data": {...}}} (a fresh object). */
  default JsonObject toJson() {
    return new JsonObject().put("type", type()).put("data", data());
  }

  /**
   * The segment of the given type: the matching record for a known type, a {@link Generic} otherwise.
   *
   * @param type non-empty wire type name
   * @param data the data object (null means empty); copied
   * @throws IllegalArgumentException if type is null or empty
   */
  static Segment of(String type, JsonObject data) {
    if (type == null || type.isEmpty()) {
      throw new IllegalArgumentException("segment type must be a non-empty string");
    }
    JsonObject d = data == null ? new JsonObject() : data;
    return switch (type) {
      case "text" -> new Text(d);
      case "face" -> new Face(d);
      case "image" -> new Image(d);
      case "record" -> new Record(d);
      case "video" -> new Video(d);
      case "at" -> new At(d);
      case "rps" -> new Rps(d);
      case "dice" -> new Dice(d);
      case "shake" -> new Shake(d);
      case "poke" -> new Poke(d);
      case "anonymous" -> new Anonymous(d);
      case "share" -> new Share(d);
      case "contact" -> new Contact(d);
      case "location" -> new Location(d);
      case "music" -> new Music(d);
      case "reply" -> new Reply(d);
      case "forward" -> new Forward(d);
      case "node" -> new Node(d);
      case "xml" -> new Xml(d);
      case "json" -> new Json(d);
      case "mface" -> new Mface(d);
      case "markdown" -> new Markdown(d);
      case "file" -> new File(d);
      default -> new Generic(type, d);
    };
  }

  /** True when {@link #of} maps this type to a dedicated record rather than {@link Generic}. */
  static boolean isKnownType(String type) {
    return switch (type) {
      case "text", "face", "image", "record", "video", "at", "rps", "dice", "shake", "poke", "anonymous",
          "share", "contact", "location", "music", "reply", "forward", "node", "xml", "json", "mface",
          "markdown", "file" -> true;
      default -> false;
    };
  }

  static Text text(String text) {
    return new Text(new JsonObject().put("text", text));
  }

  /** An {@code at} of one account. */
  static At at(long qq) {
    return new At(new JsonObject().put("qq", Long.toString(qq)));
  }

  /** An {@code at} of everyone in the group ({@code qq=all}). */
  static At atAll() {
    return new At(new JsonObject().put("qq", At.ALL));
  }

  static Reply reply(String messageId) {
    return new Reply(new JsonObject().put("id", messageId));
  }

  static Face face(String id) {
    return new Face(new JsonObject().put("id", id));
  }

  /** An image by file name, path, URL or {@code base64://} payload, as the spec's {@code file} field. */
  static Image image(String file) {
    return new Image(new JsonObject().put("file", file));
  }

  /** The value under key in the spec's string form: strings as they are, numbers and booleans printed. */
  private static String str(JsonObject data, String key) {
    Object v = data.getMap().get(key); // not getValue: it tests a String against Map, List, ... first
    if (v instanceof String s) {
      return s;
    }
    v = data.getValue(key);
    if (v == null) {
      return null;
    }
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof Number || v instanceof Boolean) {
      return SegmentValues.scalarToString(v);
    }
    return null;
  }

  private static String strOr(JsonObject data, String key, String fallback) {
    String s = str(data, key);
    return s == null ? fallback : s;
  }

  private static JsonObject copy(JsonObject data) {
    if (data == null) {
      return new JsonObject();
    }
    // Data a reader handed over whole (SegmentData) is nobody else's: kept, not copied.
    return SegmentData.owned(data) ? data : data.copy();
  }

  // ---- spec types -------------------------------------------------------------------------------

  /** Plain text. */
  record Text(JsonObject data) implements Segment {
    public Text { data = copy(data); }
    @Override public String type() { return "text"; }
    @Override public JsonObject data() { return data.copy(); }
    @Override public JsonObject dataView() { return data; }
    public String text() { return strOr(data, "text", ""); }
  }

  /** A QQ built-in face (emoji); {@code id} is the face number. */
  record Face(JsonObject data) implements Segment {
    public Face { data = copy(data); }
    @Override public String type() { return "face"; }
    @Override public JsonObject data() { return data.copy(); }
    @Override public JsonObject dataView() { return data; }
    public String id() { return strOr(data, "id", ""); }
  }

  /** An image; received ones carry {@code url}, NapCat adds {@code summary}, {@code sub_type}, {@code file_size}. */
  record Image(JsonObject data) implements Segment {
    public Image { data = copy(data); }
    @Override public String type() { return "image"; }
    @Override public JsonObject data() { return data.copy(); }
    @Override public JsonObject dataView() { return data; }
    public String file() { return strOr(data, "file", ""); }
    public Optional<String> url() { return Optional.ofNullable(str(data, "url")); }
    /** NapCat's text stand-in, e.g. "[动画表情]". */
    public Optional<String> summary() { return Optional.ofNullable(str(data, "summary")); }
  }

  /** A voice message (the spec's type name is {@code record}). */
  record Record(JsonObject data) implements Segment {
    public Record { data = copy(data); }
    @Override public String type() { return "record"; }
    @Override public JsonObject data() { return data.copy(); }
    @Override public JsonObject dataView() { return data; }
    public String file() { return strOr(data, "file", ""); }
    public Optional<String> url() { return Optional.ofNullable(str(data, "url")); }
  }

  record Video(JsonObject data) implements Segment {
    public Video { data = copy(data); }
    @Override public String type() { return "video"; }
    @Override public JsonObject data() { return data.copy(); }
    @Override public JsonObject dataView() { return data; }
    public String file() { return strOr(data, "file", ""); }
    public Optional<String> url() { return Optional.ofNullable(str(data, "url")); }
  }

  /** A mention; {@code qq} is an account number or {@code all}. NapCat adds {@code name}. */
  record At(JsonObject data) implements Segment {
    /** The {@code qq} value that mentions everyone in a group. */
    public static final String ALL = "all";
    public At { data = copy(data); }
    @Override public String type() { return "at"; }
    @Override public JsonObject data() { return data.copy(); }
    @Override public JsonObject dataView() { return data; }
    public String qq() { return strOr(data, "qq", ""); }
    public boolean isAll() { return ALL.equals(qq()); }
    /** True when this mentions exactly the given account (never for {@code qq=all}). */
    public boolean targets(long account) {
      String qq = qq().trim();
      return !qq.isEmpty() && !isAll() && qq.equals(Long.toString(account));
    }
  }

  /** Rock-paper-scissors magic face. */
  record Rps(JsonObject data) implements Segment {
    public Rps { data = copy(data); }
    @Override public String type() { return "rps"; }
    @Override public JsonObject data() { return data.copy(); }
    @Override public JsonObject dataView() { return data; }
  }

  /** Dice magic face. */
  record Dice(JsonObject data) implements Segment {
    public Dice { data = copy(data); }
    @Override public String type() { return "dice"; }
    @Override public JsonObject data() { return data.copy(); }
    @Override public JsonObject dataView() { return data; }
  }

  /** Window shake (private chats). */
  record Shake(JsonObject data) implements Segment {
    public Shake { data = copy(data); }
    @Override public String type() { return "shake"; }
    @Override public JsonObject data() { return data.copy(); }
    @Override public JsonObject dataView() { return data; }
  }

  /** Poke as a segment ({@code type}, {@code id}); the poke notice is a different thing. */
  record Poke(JsonObject data) implements Segment {
    public Poke { data = copy(data); }
    @Override public String type() { return "poke"; }
    @Override public JsonObject data() { return data.copy(); }
    @Override public JsonObject dataView() { return data; }
  }

  /** Send anonymously (sending only). */
  record Anonymous(JsonObject data) implements Segment {
    public Anonymous { data = copy(data); }
    @Override public String type() { return "anonymous"; }
    @Override public JsonObject data() { return data.copy(); }
    @Override public JsonObject dataView() { return data; }
  }

  /** Link share. */
  record Share(JsonObject data) implements Segment {
    public Share { data = copy(data); }
    @Override public String type() { return "share"; }
    @Override public JsonObject data() { return data.copy(); }
    @Override public JsonObject dataView() { return data; }
    public String url() { return strOr(data, "url", ""); }
    public String title() { return strOr(data, "title", ""); }
  }

  /** Recommended friend or group ({@code type} qq/group, {@code id}). */
  record Contact(JsonObject data) implements Segment {
    public Contact { data = copy(data); }
    @Override public String type() { return "contact"; }
    @Override public JsonObject data() { return data.copy(); }
    @Override public JsonObject dataView() { return data; }
  }

  record Location(JsonObject data) implements Segment {
    public Location { data = copy(data); }
    @Override public String type() { return "location"; }
    @Override public JsonObject data() { return data.copy(); }
    @Override public JsonObject dataView() { return data; }
  }

  /** Music share ({@code type} qq/163/xm/custom). */
  record Music(JsonObject data) implements Segment {
    public Music { data = copy(data); }
    @Override public String type() { return "music"; }
    @Override public JsonObject data() { return data.copy(); }
    @Override public JsonObject dataView() { return data; }
  }

  /** Reply to (quote) the message {@code id}. */
  record Reply(JsonObject data) implements Segment {
    public Reply { data = copy(data); }
    @Override public String type() { return "reply"; }
    @Override public JsonObject data() { return data.copy(); }
    @Override public JsonObject dataView() { return data; }
    /** The quoted message id as a decimal string when numeric (see {@link Message#replyToMessageId()}). */
    public String id() { return MessageIds.normalize(strOr(data, "id", "")); }
  }

  /** A merged-forward message by {@code id}. */
  record Forward(JsonObject data) implements Segment {
    public Forward { data = copy(data); }
    @Override public String type() { return "forward"; }
    @Override public JsonObject data() { return data.copy(); }
    @Override public JsonObject dataView() { return data; }
    public String id() { return strOr(data, "id", ""); }
  }

  /** A merged-forward node: by {@code id}, or custom with {@code user_id}, {@code nickname}, {@code content}. */
  record Node(JsonObject data) implements Segment {
    public Node { data = copy(data); }
    @Override public String type() { return "node"; }
    @Override public JsonObject data() { return data.copy(); }
    @Override public JsonObject dataView() { return data; }
    /** The custom node's content when it is a segment array (it may also be a CQ string or absent). */
    public Optional<JsonArray> contentArray() {
      return data.getValue("content") instanceof JsonArray a ? Optional.of(a.copy()) : Optional.empty();
    }
  }

  record Xml(JsonObject data) implements Segment {
    public Xml { data = copy(data); }
    @Override public String type() { return "xml"; }
    @Override public JsonObject data() { return data.copy(); }
    @Override public JsonObject dataView() { return data; }
  }

  /** A JSON card (mini-app, share card); {@code data} is the card's JSON text. */
  record Json(JsonObject data) implements Segment {
    public Json { data = copy(data); }
    @Override public String type() { return "json"; }
    @Override public JsonObject data() { return data.copy(); }
    @Override public JsonObject dataView() { return data; }
  }

  // ---- NapCat additions ---------------------------------------------------------------------------

  /** A market face (sticker); NapCat: {@code emoji_id}, {@code emoji_package_id}, {@code key}, {@code summary}. */
  record Mface(JsonObject data) implements Segment {
    public Mface { data = copy(data); }
    @Override public String type() { return "mface"; }
    @Override public JsonObject data() { return data.copy(); }
    @Override public JsonObject dataView() { return data; }
    public Optional<String> summary() { return Optional.ofNullable(str(data, "summary")); }
  }

  /** Markdown ({@code content}); NapCat sends it, mostly from official bots. */
  record Markdown(JsonObject data) implements Segment {
    public Markdown { data = copy(data); }
    @Override public String type() { return "markdown"; }
    @Override public JsonObject data() { return data.copy(); }
    @Override public JsonObject dataView() { return data; }
    public String content() { return strOr(data, "content", ""); }
  }

  /** A file (NapCat/go-cqhttp): {@code file}, {@code file_id}, {@code file_size}, {@code url}. */
  record File(JsonObject data) implements Segment {
    public File { data = copy(data); }
    @Override public String type() { return "file"; }
    @Override public JsonObject data() { return data.copy(); }
    @Override public JsonObject dataView() { return data; }
    public String file() { return strOr(data, "file", ""); }
  }

  // ---- anything else ------------------------------------------------------------------------------

  /**
   * A segment of a type this model has no record for (NapCat and friends keep adding them); kept
   * whole so re-encoding gives it back. Known types are refused here so a segment has one shape only.
   */
  record Generic(String type, JsonObject data) implements Segment {
    public Generic {
      if (type == null || type.isEmpty()) {
        throw new IllegalArgumentException("segment type must be a non-empty string");
      }
      if (isKnownType(type)) {
        throw new IllegalArgumentException("'" + type + "' has its own record; use Segment.of");
      }
      data = copy(data);
    }
    @Override public JsonObject data() { return data.copy(); }
    @Override public JsonObject dataView() { return data; }
  }
}
