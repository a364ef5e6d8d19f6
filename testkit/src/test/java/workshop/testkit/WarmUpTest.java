package workshop.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(WarmUp.class)
class WarmUpTest {
    @Test
    void boundedWaitsWorkAfterTheWarmUp() {
        WarmUp.now(); // a second call is a no-op
        assertThat(Bounded.within(() -> true, Bounded.PATIENCE)).isTrue();
    }
}
