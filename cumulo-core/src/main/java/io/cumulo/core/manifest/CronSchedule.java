package io.cumulo.core.manifest;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronConstraintsFactory;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/** A cron expression, AWS EventBridge ({@code cron(...)}, six fields) or Unix (five fields), in UTC. */
final class CronSchedule implements Schedule {
  /** AWS's dialect is Quartz without seconds: dom or dow must be '?', years 1970-2199. */
  private static final CronDefinition AWS = CronDefinitionBuilder.defineCron()
      .withMinutes().withValidRange(0, 59).and()
      .withHours().withValidRange(0, 23).and()
      .withDayOfMonth().withValidRange(1, 31).supportsL().supportsW().supportsLW()
          .supportsQuestionMark().and()
      .withMonth().withValidRange(1, 12).and()
      .withDayOfWeek().withValidRange(1, 7).withMondayDoWValue(2).supportsHash().supportsL()
          .supportsQuestionMark().and()
      .withYear().withValidRange(1970, 2199).and()
      .withCronValidation(CronConstraintsFactory.ensureEitherDayOfWeekOrDayOfMonth())
      .instance();
  private static final CronParser AWS_PARSER = new CronParser(AWS);
  private static final CronParser UNIX_PARSER =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  private static final String FORMS = "use rate(5 minutes), cron(0 12 * * ? *) (minute hour"
      + " day-of-month month day-of-week year) or five-field cron like */5 * * * *";

  private final String expression;
  private final ExecutionTime executionTime;

  private CronSchedule(String expression, ExecutionTime executionTime) {
    this.expression = expression;
    this.executionTime = executionTime;
  }

  static CronSchedule parse(String expression) {
    boolean aws = expression.startsWith("cron(") && expression.endsWith(")");
    String fields = aws ? expression.substring(5, expression.length() - 1).strip() : expression;
    int count = fields.isEmpty() ? 0 : fields.split("\\s+").length;
    if (aws && count != 6) {
      throw new IllegalArgumentException("'" + expression + "' has " + count + " fields; cron(...)"
          + " needs 6: minute hour day-of-month month day-of-week year, e.g. cron(0 12 * * ? *)");
    }
    if (!aws && count != 5) {
      throw new IllegalArgumentException("'" + expression + "' is not a schedule; " + FORMS);
    }
    try {
      var cron = (aws ? AWS_PARSER : UNIX_PARSER).parse(fields);
      cron.validate();
      return new CronSchedule(expression, ExecutionTime.forCron(cron));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'" + expression + "' is not a valid cron expression: " + reason(e), e);
    }
  }

  /** cron-utils' message without its boilerplate, and in AWS's words for the day rule. */
  private static String reason(IllegalArgumentException e) {
    String message = String.valueOf(e.getMessage());
    if (message.contains("day-of-week AND a day-of-month")) {
      return "give day-of-month or day-of-week, and '?' for the other, e.g. cron(0 12 * * ? *)";
    }
    return message.replace("Failed to parse cron expression. ", "");
  }

  @Override
  public String expression() {
    return expression;
  }

  @Override
  public Instant nextAfter(Instant after) {
    return executionTime.nextExecution(ZonedDateTime.ofInstant(after, ZoneOffset.UTC))
        .map(ZonedDateTime::toInstant)
        .orElse(Instant.MAX);
  }

  @Override
  public String toString() {
    return expression;
  }
}
