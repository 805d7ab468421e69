package anquanli.quiz.bank;

public enum QuestionType {
    SINGLE("single"), MULTIPLE("multiple"), TRUE_FALSE("true-false");

    private final String yamlName;

    QuestionType(String yamlName) {
        this.yamlName = yamlName;
    }

    public static QuestionType ofYaml(String s) {
        for (QuestionType t : values()) {
            if (t.yamlName.equals(s)) {
                return t;
            }
        }
        return null;
    }
}
