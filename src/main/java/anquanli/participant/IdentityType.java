package anquanli.participant;

/** Who takes part, as the notices name them: 干部 (cadres), 职工 (employees), 社会公众 (the public). */
public enum IdentityType { CADRE, EMPLOYEE, PUBLIC }
