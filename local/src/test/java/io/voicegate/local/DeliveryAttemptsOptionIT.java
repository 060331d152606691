package io.voicegate.local;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --delivery-max-attempts N} makes a delivery's retries run out after N attempts: the delivery queue's redrive
 * policy parks a message after N receives, the template's 18 otherwise, so the parked path can be watched locally.
 */
class DeliveryAttemptsOptionIT {

    @Test
    void theDeliveryQueueParksAfterTheGivenNumberOfReceives() {
        LocalStack.Options options = LocalStack.Options.builder(LocalStackExtension.root().resolve("template.yaml"))
                .scheduleInterval(Duration.ofDays(1)).maxReceiveCount("DeliveryQueue", 3).build();
        try (LocalStack stack = LocalStack.start(options)) {
            assertThat(redrive(stack, "DeliveryQueue")).contains("\"maxReceiveCount\":3");
            assertThat(redrive(stack, "DispatchQueue")).as("other queues keep the template's")
                    .doesNotContain("\"maxReceiveCount\":3");
        }
    }

    private static String redrive(LocalStack stack, String queue) {
        return stack.sqs().getQueueAttributes(g -> g.queueUrl(stack.ref(queue))
                .attributeNames(QueueAttributeName.REDRIVE_POLICY)).attributes().get(QueueAttributeName.REDRIVE_POLICY);
    }
}
