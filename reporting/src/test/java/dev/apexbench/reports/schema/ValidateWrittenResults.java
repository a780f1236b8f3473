package dev.apexbench.reports.schema;

import dev.apexbench.reports.ResultsIO;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Checks every results.json a test class writes against the published schema
 * (schemas/results.v2.schema.json) as it is written, and fails the class if one does not conform.
 * Registered for every test class of the reporting and cli modules by JUnit's extension
 * auto-detection (junit-platform.properties, META-INF/services).
 */
public final class ValidateWrittenResults implements BeforeAllCallback, AfterAllCallback {

  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(ValidateWrittenResults.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    List<String> problems = Collections.synchronizedList(new ArrayList<>());
    List<Path> checked = Collections.synchronizedList(new ArrayList<>());
    AutoCloseable handle = ResultsIO.observeWrites(file -> {
      checked.add(file);
      List<String> errors = PublishedSchemas.errors(PublishedSchemas.RESULTS, file);
      if (!errors.isEmpty()) {
        problems.add(file + " does not conform to " + PublishedSchemas.RESULTS + ": "
            + String.join("; ", errors.subList(0, Math.min(10, errors.size()))));
      }
    });
    context.getStore(NS).put("state", new Object[] {handle, problems, checked});
  }

  @Override
  @SuppressWarnings("unchecked")
  public void afterAll(ExtensionContext context) throws Exception {
    Object[] state = context.getStore(NS).remove("state", Object[].class);
    if (state == null) {
      return;
    }
    ((AutoCloseable) state[0]).close();
    List<String> problems = (List<String>) state[1];
    if (!problems.isEmpty()) {
      throw new AssertionError(problems.size() + " results.json written by " + context.getDisplayName()
          + " do not conform to the published schema:\n" + String.join("\n", problems));
    }
  }
}
