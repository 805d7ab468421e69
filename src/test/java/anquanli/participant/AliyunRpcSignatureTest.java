package anquanli.participant;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The RPC signature against the worked examples of Alibaba Cloud's documentation. */
class AliyunRpcSignatureTest {

    /**
     * Dysmsapi's "HTTP协议及签名" example: SendSms with AccessKey testId / testSecret, a fixed nonce and timestamp.
     * The documentation gives the StringToSign and Signature zJDF+Lrzhj/ThnlvIToysFRq6t4= (GET).
     */
    @Test
    void theSmsDocumentationsSendSmsExample() {
        SortedMap<String, String> params = new TreeMap<>(Map.ofEntries(
                Map.entry("AccessKeyId", "testId"), Map.entry("Action", "SendSms"), Map.entry("Format", "XML"),
                Map.entry("OutId", "123"), Map.entry("PhoneNumbers", "15300000001"),
                Map.entry("RegionId", "cn-hangzhou"), Map.entry("SignName", "阿里云短信测试专用"),
                Map.entry("SignatureMethod", "HMAC-SHA1"),
                Map.entry("SignatureNonce", "45e25e9b-0a6f-4070-8c85-2956eda1b466"),
                Map.entry("SignatureVersion", "1.0"), Map.entry("TemplateCode", "SMS_71390007"),
                Map.entry("TemplateParam", "{\"customer\":\"test\"}"), Map.entry("Timestamp", "2017-07-12T02:42:19Z"),
                Map.entry("Version", "2017-05-25")));

        assertThat(AliyunRpcSignature.stringToSign("GET", params)).isEqualTo("GET&%2F&AccessKeyId%3DtestId"
                + "%26Action%3DSendSms%26Format%3DXML%26OutId%3D123%26PhoneNumbers%3D15300000001%26RegionId%3Dcn-hangzhou"
                + "%26SignName%3D%25E9%2598%25BF%25E9%2587%258C%25E4%25BA%2591%25E7%259F%25AD%25E4%25BF%25A1%25E6%25B5"
                + "%258B%25E8%25AF%2595%25E4%25B8%2593%25E7%2594%25A8%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce"
                + "%3D45e25e9b-0a6f-4070-8c85-2956eda1b466%26SignatureVersion%3D1.0%26TemplateCode%3DSMS_71390007"
                + "%26TemplateParam%3D%257B%2522customer%2522%253A%2522test%2522%257D%26Timestamp"
                + "%3D2017-07-12T02%253A42%253A19Z%26Version%3D2017-05-25");
        assertThat(AliyunRpcSignature.sign("GET", params, "testSecret")).isEqualTo("zJDF+Lrzhj/ThnlvIToysFRq6t4=");
    }

    /** The signature mechanism page's DescribeRegions example (testid / testsecret): CT9X0VtwR86fNWSnsc6v8YGOjuE=. */
    @Test
    void theSignatureMechanismsDescribeRegionsExample() {
        SortedMap<String, String> params = new TreeMap<>(Map.of(
                "TimeStamp", "2016-02-23T12:46:24Z", "Format", "XML", "AccessKeyId", "testid",
                "Action", "DescribeRegions", "SignatureMethod", "HMAC-SHA1",
                "SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf", "Version", "2014-05-26",
                "SignatureVersion", "1.0"));

        assertThat(AliyunRpcSignature.sign("GET", params, "testsecret")).isEqualTo("CT9X0VtwR86fNWSnsc6v8YGOjuE=");
    }

    @Test
    void theMethodIsSigned() {
        SortedMap<String, String> params = new TreeMap<>(Map.of("Action", "SendSms"));
        assertThat(AliyunRpcSignature.sign("POST", params, "s")).isNotEqualTo(AliyunRpcSignature.sign("GET", params, "s"));
        assertThat(AliyunRpcSignature.stringToSign("POST", params)).isEqualTo("POST&%2F&Action%3DSendSms");
    }

    @Test
    void percentEncodingFollowsRfc3986NotHtmlForms() {
        assertThat(AliyunRpcSignature.percentEncode("a b")).isEqualTo("a%20b");
        assertThat(AliyunRpcSignature.percentEncode("*")).isEqualTo("%2A");
        assertThat(AliyunRpcSignature.percentEncode("~-_.")).isEqualTo("~-_.");
        assertThat(AliyunRpcSignature.percentEncode("/=&+:\"{}")).isEqualTo("%2F%3D%26%2B%3A%22%7B%7D");
        assertThat(AliyunRpcSignature.percentEncode("安全")).isEqualTo("%E5%AE%89%E5%85%A8");
        assertThat(AliyunRpcSignature.percentEncode("azAZ09")).isEqualTo("azAZ09");
    }

    @Test
    void parametersAreSortedByName() {
        SortedMap<String, String> params = new TreeMap<>(Map.of("b", "2", "A", "1", "a", "3"));
        assertThat(AliyunRpcSignature.canonicalQuery(params)).isEqualTo("A=1&a=3&b=2");
    }
}
