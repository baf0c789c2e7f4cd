package io.infrasync.config;

import java.util.Arrays;
import java.util.Optional;

/** The 14 filter operations of infrahub-sync's {@code FILTERS_OPERATIONS}. */
public enum FilterOp {
  EQ("=="),
  NE("!="),
  GT(">"),
  LT("<"),
  GE(">="),
  LE("<="),
  IN("in"),
  NOT_IN("not in"),
  CONTAINS("contains"),
  NOT_CONTAINS("not contains"),
  IS_EMPTY("is_empty"),
  IS_NOT_EMPTY("is_not_empty"),
  REGEX("regex"),
  IS_IP_WITHIN("is_ip_within");

  private final String symbol;

  FilterOp(String symbol) {
    this.symbol = symbol;
  }

  /** The spelling used in {@code config.yml}. */
  public String symbol() {
    return symbol;
  }

  public static Optional<FilterOp> fromSymbol(String s) {
    return Arrays.stream(values()).filter(op -> op.symbol.equals(s)).findFirst();
  }
}
