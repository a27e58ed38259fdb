package io.recordingarchiver.testkit;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Decides a {@link Requires} test: enabled when every tool it needs is there; otherwise skipped with
 * one line saying what is missing and how to get it, or failed with that line when {@code CI=true}.
 * The line also goes to the process's own standard error (not the test's redirected {@code System.err}),
 * which Maven's test runner shows in its console output, once per test class.
 */
public final class ExternalToolCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Requires requires = context.getElement()
                .flatMap(element -> AnnotationSupport.findAnnotation(element, Requires.class)).orElse(null);
        if (requires == null) {
            return ConditionEvaluationResult.enabled("needs nothing outside Maven");
        }
        List<String> missing = new ArrayList<>();
        for (ExternalTool tool : requires.value()) {
            tool.missing().ifPresent(why -> missing.add(tool.explanation(why)));
        }
        if (missing.isEmpty()) {
            return ConditionEvaluationResult.enabled("all of its tools are here");
        }
        String line = String.join("; ", missing);
        if (requiredHere()) {
            throw new IllegalStateException("CI=true requires it: " + line);
        }
        announce("SKIPPED " + context.getRequiredTestClass().getSimpleName() + ": " + line);
        return ConditionEvaluationResult.disabled(line);
    }

    private static final java.util.Set<String> ANNOUNCED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Writes the line to the process's standard error, bypassing Surefire's redirection of {@code System.err}. */
    private static void announce(String line) {
        if (ANNOUNCED.add(line)) {
            PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
            err.println(line);
        }
    }

    /** Under CI ({@code CI=true}) nothing may be skipped for a missing tool. */
    static boolean requiredHere() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }
}
