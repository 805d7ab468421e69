package anquanli.quiz.bank;

/** One reason a bank file is rejected, with where it is: file, 1-based line, and the question if known. */
public record BankDefect(String file, int line, String questionId, String message) {

    @Override
    public String toString() {
        return file + ":" + line + ": " + (questionId == null ? "" : "question " + questionId + ": ") + message;
    }
}
