package io.jcast.diag.doctor;

/** Bad input to the doctor (unknown interface or host, a group that is not multicast): one line for stderr. */
public final class DoctorInputException extends Exception {
    private static final long serialVersionUID = 1L;

    public DoctorInputException(String message) {
        super(message);
    }
}
