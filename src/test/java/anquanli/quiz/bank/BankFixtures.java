package anquanli.quiz.bank;

import anquanli.AdminTokens;
import anquanli.Db;
import io.restassured.specification.RequestSpecification;

import java.util.UUID;

import static anquanli.Api.api;

/** What the bank's API tests share: the national office's requests and categories of their own. */
final class BankFixtures {

    private BankFixtures() {
    }

    static RequestSpecification national() {
        return api().header("Authorization", "Bearer " + AdminTokens.national());
    }

    /** A category no campaign draws from, so uploaded test questions never reach other tests' attempts. */
    static String category(Db db) {
        String code = "t" + UUID.randomUUID().toString().substring(0, 6);
        db.update("insert into question_category (code, name) values (?, '测试分类')", code);
        return code;
    }
}
