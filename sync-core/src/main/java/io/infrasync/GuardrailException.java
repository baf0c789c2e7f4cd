package io.infrasync;

/** A guardrail stopped the run before anything was written. */
public final class GuardrailException extends SyncException {
  private static final long serialVersionUID = 1L;

  public GuardrailException(String message) {
    super(Code.GUARDRAIL, message);
  }
}
