package dev.perocore.social.ops;

/** One line of the fault table. {@code received} is -1 where the gateway did not say. */
record FaultRow(String scenario, long sent, long received, long stored, long lost,
    String readiness, String notes) {

  static String header() {
    return "| scenario | sent | received | stored | lost | readiness | notes |\n"
        + "|---|---|---|---|---|---|---|";
  }

  String markdown() {
    return "| " + scenario + " | " + sent + " | " + (received < 0 ? "-" : received) + " | "
        + stored + " | " + lost + " | " + readiness + " | " + notes + " |";
  }
}
