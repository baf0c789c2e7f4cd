package io.infrasync.testkit.infrahub;

import graphql.language.Argument;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.Node;
import graphql.language.SourceLocation;
import graphql.schema.GraphQLCompositeType;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLSchema;
import graphql.validation.DocumentVisitor;
import graphql.validation.LanguageTraversal;
import graphql.validation.TraversalContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The graphql-core wording of the two validation errors a client meets most (which Infrahub
 * returns): {@code Unknown argument 'x' on field 'Query.InfraDevice'.} and {@code Cannot query
 * field 'x' on type 'InfraDevice'.}, keyed by source location. graphql-java still decides what is
 * invalid; this only supplies the message.
 */
final class ValidationMessages {
  private ValidationMessages() {}

  static Map<SourceLocation, String> collect(GraphQLSchema schema, Document document) {
    Map<SourceLocation, String> out = new HashMap<>();
    TraversalContext context = new TraversalContext(schema);
    new LanguageTraversal()
        .traverse(
            document,
            new DocumentVisitor() {
              @Override
              public void enter(Node node, List<Node> path) {
                GraphQLCompositeType parentBefore = context.getParentType();
                GraphQLFieldDefinition fieldBefore = context.getFieldDef();
                context.enter(node, path);
                if (node instanceof Field f
                    && context.getFieldDef() == null
                    && parentBefore != null
                    && f.getSourceLocation() != null) {
                  out.put(
                      f.getSourceLocation(),
                      "Cannot query field '"
                          + f.getName()
                          + "' on type '"
                          + ((GraphQLNamedType) parentBefore).getName()
                          + "'.");
                }
                if (node instanceof Argument a
                    && context.getArgument() == null
                    && fieldBefore != null
                    && a.getSourceLocation() != null
                    && path.size() > 0
                    && path.get(path.size() - 1) instanceof Field) {
                  GraphQLCompositeType parent = context.getParentType();
                  String owner = parent == null ? "" : ((GraphQLNamedType) parent).getName() + ".";
                  out.put(
                      a.getSourceLocation(),
                      "Unknown argument '"
                          + a.getName()
                          + "' on field '"
                          + owner
                          + fieldBefore.getName()
                          + "'.");
                }
              }

              @Override
              public void leave(Node node, List<Node> path) {
                context.leave(node, path);
              }
            });
    return out;
  }
}
