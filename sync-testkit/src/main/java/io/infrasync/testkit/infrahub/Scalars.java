package io.infrasync.testkit.infrahub;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.ArrayValue;
import graphql.language.BooleanValue;
import graphql.language.EnumValue;
import graphql.language.FloatValue;
import graphql.language.IntValue;
import graphql.language.NullValue;
import graphql.language.ObjectField;
import graphql.language.ObjectValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.language.VariableReference;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The custom scalars of Infrahub's schema: BigInt, GenericScalar and DateTime. */
final class Scalars {
  private Scalars() {}

  static final GraphQLScalarType BIG_INT =
      GraphQLScalarType.newScalar()
          .name("BigInt")
          .description("An integer of any size")
          .coercing(
              new Coercing<Long, Long>() {
                @Override
                public Long serialize(Object value, GraphQLContext context, Locale locale) {
                  Long l = Values.asLong(value);
                  if (l == null) {
                    throw new CoercingSerializeException("not an integer: " + value);
                  }
                  return l;
                }

                @Override
                public Long parseValue(Object value, GraphQLContext context, Locale locale) {
                  Long l = Values.asLong(value);
                  if (l == null) {
                    throw new CoercingParseValueException(
                        "BigInt cannot represent " + Json.describe(value));
                  }
                  return l;
                }

                @Override
                public Long parseLiteral(
                    Value<?> input,
                    CoercedVariables variables,
                    GraphQLContext context,
                    Locale locale) {
                  if (input instanceof IntValue i) {
                    BigInteger b = i.getValue();
                    if (b.bitLength() < 64) {
                      return b.longValue();
                    }
                  }
                  throw new CoercingParseLiteralException("BigInt cannot represent " + input);
                }
              })
          .build();

  static final GraphQLScalarType GENERIC =
      GraphQLScalarType.newScalar()
          .name("GenericScalar")
          .description("Any JSON value")
          .coercing(
              new Coercing<Object, Object>() {
                @Override
                public Object serialize(Object value, GraphQLContext context, Locale locale) {
                  return value;
                }

                @Override
                public Object parseValue(Object value, GraphQLContext context, Locale locale) {
                  return value;
                }

                @Override
                public @Nullable Object parseLiteral(
                    Value<?> input,
                    CoercedVariables variables,
                    GraphQLContext context,
                    Locale locale) {
                  return literal(input, variables);
                }
              })
          .build();

  static final GraphQLScalarType DATE_TIME =
      GraphQLScalarType.newScalar()
          .name("DateTime")
          .description("An ISO-8601 date-time")
          .coercing(
              new Coercing<Instant, String>() {
                @Override
                public String serialize(Object value, GraphQLContext context, Locale locale) {
                  if (value instanceof Instant i) {
                    return Times.format(i);
                  }
                  if (value instanceof String s) {
                    return s;
                  }
                  throw new CoercingSerializeException("not a date-time: " + value);
                }

                @Override
                public Instant parseValue(Object value, GraphQLContext context, Locale locale) {
                  Instant at = value instanceof String s ? Times.parse(s) : null;
                  if (at == null) {
                    throw new CoercingParseValueException(
                        "DateTime cannot represent " + Json.describe(value));
                  }
                  return at;
                }

                @Override
                public Instant parseLiteral(
                    Value<?> input,
                    CoercedVariables variables,
                    GraphQLContext context,
                    Locale locale) {
                  String text = input instanceof StringValue s ? s.getValue() : null;
                  Instant at = text == null ? null : Times.parse(text);
                  if (at == null) {
                    throw new CoercingParseLiteralException("DateTime cannot represent " + input);
                  }
                  return at;
                }
              })
          .build();

  private static @Nullable Object literal(Value<?> v, CoercedVariables variables) {
    if (v instanceof StringValue s) {
      return s.getValue();
    }
    if (v instanceof IntValue i) {
      BigInteger b = i.getValue();
      return b.bitLength() < 64 ? (Object) b.longValue() : b;
    }
    if (v instanceof FloatValue f) {
      return f.getValue().doubleValue();
    }
    if (v instanceof BooleanValue b) {
      return b.isValue();
    }
    if (v instanceof EnumValue e) {
      return e.getName();
    }
    if (v instanceof NullValue) {
      return null;
    }
    if (v instanceof ArrayValue a) {
      List<@Nullable Object> out = new ArrayList<>();
      for (Value<?> x : a.getValues()) {
        out.add(literal(x, variables));
      }
      return out;
    }
    if (v instanceof ObjectValue o) {
      Map<String, @Nullable Object> out = new LinkedHashMap<>();
      for (ObjectField f : o.getObjectFields()) {
        out.put(f.getName(), literal(f.getValue(), variables));
      }
      return out;
    }
    if (v instanceof VariableReference ref) {
      return variables.get(ref.getName());
    }
    throw new CoercingParseLiteralException("unsupported literal " + v);
  }
}
