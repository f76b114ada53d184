package dev.realtime.examples.clinic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the store guarantees on any database: subclasses give it a fresh database per test. Each
 * test works on its own doctor, so they do not depend on each other's leftovers.
 */
abstract class StoreContract {
  static final int MAX_QUEUE_BYTES = 16_384;

  private Store store;

  /**
   * A JDBC URL (and credentials) of an empty database for this test; the same one when asked again.
   */
  abstract Map<String, String> freshDatabase() throws Exception;

  /** Releases the database after the store closed. */
  void dropDatabase() throws Exception {}

  @BeforeEach
  void open() throws Exception {
    store =
        Store.open(ClinicSettings.fromEnvironment(freshDatabase()), "test-pool", MAX_QUEUE_BYTES);
  }

  @AfterEach
  void close() throws Exception {
    try {
      if (store != null) {
        store.close();
      }
    } finally {
      dropDatabase();
    }
  }

  @Test
  void seedsFiveDoctorsOnce() throws Exception {
    assertThat(store.doctors()).extracting(Queue.Doctor::id).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(store.doctor(2)).contains(new Queue.Doctor(2, "Dr. Lena Fischer"));
    assertThat(store.doctor(6)).isEmpty();
    // A second instance on the same database finds the schema and the doctors in place.
    store.close();
    open();
    assertThat(store.doctors()).hasSize(5);
  }

  @Test
  void queueKeepsCheckInOrderAndNextCallsTheHead() throws Exception {
    store.checkIn(1, "Ann");
    store.checkIn(1, "Bob");
    Queue.Change third = store.checkIn(1, " Cy ");

    assertThat(third.patient().name()).isEqualTo("Cy");
    assertThat(names(third.queue().waiting())).containsExactly("Ann", "Bob", "Cy");
    assertThat(third.queue().called()).isEmpty();
    assertThat(third.queue().version()).isEqualTo(3);

    Queue.Change first = store.callNext(1);
    assertThat(first.patient().name()).isEqualTo("Ann");
    assertThat(first.patient().calledAt()).isPresent();
    assertThat(first.queue().called()).contains(first.patient());
    assertThat(names(first.queue().waiting())).containsExactly("Bob", "Cy");

    Queue.Change second = store.callNext(1);
    assertThat(second.queue().called().map(Queue.Patient::name)).contains("Bob");
    assertThat(names(second.queue().waiting())).containsExactly("Cy");
    assertThat(store.queue(1)).isEqualTo(second.queue());
    assertThat(store.queue(2).waiting()).isEmpty();
  }

  @Test
  void nextWithNobodyWaitingIs409AndChangesNothing() throws Exception {
    store.checkIn(3, "Ann");
    Queue before = store.callNext(3).queue();

    assertThatThrownBy(() -> store.callNext(3))
        .isInstanceOfSatisfying(ClinicException.class, e -> assertThat(e.status()).isEqualTo(409))
        .hasMessage("no patient is waiting for doctor 3");
    assertThat(store.queue(3)).isEqualTo(before);
  }

  @Test
  void unknownDoctorIs404() {
    for (Callable<?> call :
        List.<Callable<?>>of(
            () -> store.queue(99), () -> store.checkIn(99, "Ann"), () -> store.callNext(99))) {
      assertThatThrownBy(call::call)
          .isInstanceOfSatisfying(ClinicException.class, e -> assertThat(e.status()).isEqualTo(404))
          .hasMessage("no doctor with id 99");
    }
  }

  @Test
  void aQueueTooLargeToBroadcastIsNotStored() throws Exception {
    String name = "x".repeat(Store.MAX_PATIENT_NAME);
    int stored = 0;
    ClinicException full = null;
    while (full == null) {
      try {
        store.checkIn(4, name);
        stored++;
      } catch (ClinicException e) {
        full = e;
      }
    }
    assertThat(full.status()).isEqualTo(409);
    assertThat(full.getMessage()).contains("REALTIME_MAX_MESSAGE_BYTES (" + MAX_QUEUE_BYTES + ")");
    Queue queue = store.queue(4);
    assertThat(queue.waiting()).hasSize(stored);
    assertThat(queue.version()).isEqualTo(stored);
    assertThat(queue.toJson().toString().length()).isLessThanOrEqualTo(MAX_QUEUE_BYTES);
  }

  @Test
  void concurrentCheckInsAndNextsStayConsistent() throws Exception {
    int desks = 4;
    int checkInsPerDesk = 15;
    int nexts = 30;
    ExecutorService pool = Executors.newFixedThreadPool(desks + 2);
    try {
      List<Future<List<Long>>> checkIns = new ArrayList<>();
      for (int d = 0; d < desks; d++) {
        int desk = d;
        checkIns.add(
            pool.submit(
                () -> {
                  List<Long> ids = new ArrayList<>();
                  for (int i = 0; i < checkInsPerDesk; i++) {
                    ids.add(store.checkIn(5, "desk" + desk + "-" + i).patient().id());
                  }
                  return ids;
                }));
      }
      List<Future<List<Long>>> callers = new ArrayList<>();
      for (int c = 0; c < 2; c++) {
        callers.add(
            pool.submit(
                () -> {
                  List<Long> called = new ArrayList<>();
                  for (int i = 0; i < nexts / 2; i++) {
                    try {
                      called.add(store.callNext(5).patient().id());
                    } catch (ClinicException e) {
                      assertThat(e.status()).isEqualTo(409); // nobody waiting yet: fine
                    }
                  }
                  return called;
                }));
      }
      Set<Long> checkedIn = new HashSet<>();
      for (Future<List<Long>> f : checkIns) {
        checkedIn.addAll(f.get(60, TimeUnit.SECONDS));
      }
      List<Long> called = new ArrayList<>();
      for (Future<List<Long>> f : callers) {
        called.addAll(f.get(60, TimeUnit.SECONDS));
      }

      assertThat(checkedIn).hasSize(desks * checkInsPerDesk);
      assertThat(called).doesNotHaveDuplicates();
      assertThat(checkedIn).containsAll(called);
      Queue queue = store.queue(5);
      // Every write bumped the version exactly once; failed nexts did not.
      assertThat(queue.version()).isEqualTo(checkedIn.size() + called.size());
      List<Long> waiting = queue.waiting().stream().map(Queue.Patient::id).toList();
      assertThat(waiting).isSorted().doesNotContainAnyElementsOf(called);
      assertThat(waiting.size() + called.size()).isEqualTo(checkedIn.size());
      if (!called.isEmpty()) {
        // Patients are called first come first: the last one called precedes everyone waiting.
        long last = queue.called().orElseThrow().id();
        assertThat(called).contains(last);
        assertThat(waiting).allMatch(id -> id > last);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<String> names(List<Queue.Patient> patients) {
    return patients.stream().map(Queue.Patient::name).toList();
  }
}
