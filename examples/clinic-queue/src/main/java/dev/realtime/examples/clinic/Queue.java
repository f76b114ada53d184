package dev.realtime.examples.clinic;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One doctor's waiting room as stored: the patient called in last (if any) and the waiting patients
 * in check-in order. {@code version} grows by one with every stored change of this doctor's queue,
 * so a dashboard that gets two snapshots out of order keeps the newer one.
 *
 * @param doctor the doctor
 * @param version the number of changes stored so far
 * @param called the patient called in last, until the next one is
 * @param waiting the waiting patients, first come first
 */
record Queue(Doctor doctor, long version, Optional<Patient> called, List<Patient> waiting) {

  Queue {
    Objects.requireNonNull(doctor, "doctor");
    Objects.requireNonNull(called, "called");
    waiting = List.copyOf(waiting);
  }

  /** A doctor of the clinic; dashboards listen on {@link #resource()}. */
  record Doctor(long id, String name) {
    Doctor {
      Objects.requireNonNull(name, "name");
    }

    /** The hub's resource key of this doctor's dashboards: {@code doctor-<id>}. */
    String resource() {
      return "doctor-" + id;
    }
  }

  /** A check-in: who, when, and when the doctor called them in (if so far). */
  record Patient(long id, String name, Instant checkedInAt, Optional<Instant> calledAt) {
    Patient {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(checkedInAt, "checkedInAt");
      Objects.requireNonNull(calledAt, "calledAt");
    }
  }

  /** What a write stored: the patient it concerned and the queue right after it. */
  record Change(Patient patient, Queue queue) {}

  /** The queue as the JSON document the API answers and the {@code queue} event carries. */
  Json toJson() {
    Json list = Json.array();
    waiting.forEach(p -> list.add(toJson(p)));
    return Json.object()
        .field("doctorId", doctor.id())
        .field("doctor", doctor.name())
        .field("version", version)
        .field("called", called.map(Queue::toJson).orElse(null))
        .field("waiting", list);
  }

  static Json toJson(Patient p) {
    return Json.object()
        .field("id", p.id())
        .field("patient", p.name())
        .field("checkedInAt", p.checkedInAt().toString())
        .field("calledAt", p.calledAt().map(Instant::toString).orElse(null));
  }
}
