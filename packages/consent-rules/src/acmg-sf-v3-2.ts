import type { FindingsCategory } from "./choice-catalogue";

/**
 * The ACMG SF v3.2 list: the 81 genes the American College of Medical Genetics and Genomics recommends that
 * laboratories examine for secondary findings in clinical exome and genome sequencing (Miller DT et al., "ACMG SF
 * v3.2 list for reporting of secondary findings in clinical exome and genome sequencing", Genet Med 2023;25(8):100866,
 * doi:10.1016/j.gim.2023.100866, Table 1). It is v3.1's 78 genes (Genet Med 2022;24(7):1407–1414) plus CALM1, CALM2
 * and CALM3; nothing was removed. ADR 032 says how it was assembled and checked.
 *
 * This is clinical data: a gene here is one a finding may be submitted for (`POST /api/v1/findings`), and its
 * `category` decides which of the participant's two secondary-findings choices governs whether it is returned.
 * Each gene carries the ACMG table's phenotype group, the condition (in short words of ours, not the table's), the
 * inheritance the table gives, and what the table says to report where that is narrower than "every P or LP variant".
 * A later list (v3.3 and on) is a new module beside this one, never an edit of it: findings already stored name the
 * list they were checked against.
 */

/** The four phenotype groups of the ACMG table. */
export const acmgPhenotypeGroups = ["cancer", "cardiovascular", "inborn_error_of_metabolism", "miscellaneous"] as const;
export type AcmgPhenotypeGroup = (typeof acmgPhenotypeGroups)[number];

/** AD autosomal dominant, AR autosomal recessive, SD semidominant (LDLR), XL X-linked. */
export type AcmgInheritance = "AD" | "AR" | "SD" | "XL";

/**
 * What the table asks a laboratory to report: every pathogenic (P) or likely pathogenic (LP) variant; for the
 * recessive genes, two of them (biallelic); for HFE only p.C282Y homozygotes; for TTN only truncating variants.
 */
export type AcmgReportedVariants = "p_lp" | "p_lp_biallelic" | "hfe_c282y_homozygous" | "truncating_only";

export interface AcmgSecondaryFindingsGene {
  readonly gene: string;
  readonly group: AcmgPhenotypeGroup;
  readonly phenotype: string;
  readonly inheritance: AcmgInheritance;
  readonly report: AcmgReportedVariants;
  /** The catalogue's category: the cancer-predisposition genes are `hereditary_cancer`, every other gene `other_actionable`. */
  readonly category: FindingsCategory;
}

export const acmgSfVersion = "3.2" as const;

type Row = readonly [gene: string, phenotype: string, inheritance: AcmgInheritance, report?: AcmgReportedVariants];

const cancer: readonly Row[] = [
  ["APC", "Familial adenomatous polyposis", "AD"],
  ["RET", "Familial medullary thyroid cancer / multiple endocrine neoplasia type 2", "AD"],
  ["BRCA1", "Hereditary breast and ovarian cancer", "AD"],
  ["BRCA2", "Hereditary breast and ovarian cancer", "AD"],
  ["PALB2", "Hereditary breast and ovarian cancer", "AD"],
  ["SDHD", "Hereditary paraganglioma–pheochromocytoma syndrome", "AD"],
  ["SDHAF2", "Hereditary paraganglioma–pheochromocytoma syndrome", "AD"],
  ["SDHC", "Hereditary paraganglioma–pheochromocytoma syndrome", "AD"],
  ["SDHB", "Hereditary paraganglioma–pheochromocytoma syndrome", "AD"],
  ["MAX", "Hereditary paraganglioma–pheochromocytoma syndrome", "AD"],
  ["TMEM127", "Hereditary paraganglioma–pheochromocytoma syndrome", "AD"],
  ["BMPR1A", "Juvenile polyposis syndrome", "AD"],
  ["SMAD4", "Juvenile polyposis syndrome", "AD"],
  ["TP53", "Li–Fraumeni syndrome", "AD"],
  ["MLH1", "Lynch syndrome", "AD"],
  ["MSH2", "Lynch syndrome", "AD"],
  ["MSH6", "Lynch syndrome", "AD"],
  ["PMS2", "Lynch syndrome", "AD"],
  ["MEN1", "Multiple endocrine neoplasia type 1", "AD"],
  ["MUTYH", "MUTYH-associated polyposis", "AR", "p_lp_biallelic"],
  ["NF2", "Neurofibromatosis type 2", "AD"],
  ["STK11", "Peutz–Jeghers syndrome", "AD"],
  ["PTEN", "PTEN hamartoma tumour syndrome", "AD"],
  ["RB1", "Retinoblastoma", "AD"],
  ["TSC1", "Tuberous sclerosis complex", "AD"],
  ["TSC2", "Tuberous sclerosis complex", "AD"],
  ["VHL", "von Hippel–Lindau syndrome", "AD"],
  ["WT1", "WT1-related Wilms tumour", "AD"],
];

const cardiovascular: readonly Row[] = [
  ["FBN1", "Aortopathy (Marfan syndrome)", "AD"],
  ["TGFBR1", "Aortopathy (Loeys–Dietz syndrome)", "AD"],
  ["TGFBR2", "Aortopathy (Loeys–Dietz syndrome)", "AD"],
  ["SMAD3", "Aortopathy (Loeys–Dietz syndrome)", "AD"],
  ["ACTA2", "Aortopathy (familial thoracic aortic aneurysm and dissection)", "AD"],
  ["MYH11", "Aortopathy (familial thoracic aortic aneurysm and dissection)", "AD"],
  ["PKP2", "Arrhythmogenic right ventricular cardiomyopathy", "AD"],
  ["DSP", "Arrhythmogenic right ventricular cardiomyopathy", "AD"],
  ["DSC2", "Arrhythmogenic right ventricular cardiomyopathy", "AD"],
  ["TMEM43", "Arrhythmogenic right ventricular cardiomyopathy", "AD"],
  ["DSG2", "Arrhythmogenic right ventricular cardiomyopathy", "AD"],
  ["RYR2", "Catecholaminergic polymorphic ventricular tachycardia", "AD"],
  ["CASQ2", "Catecholaminergic polymorphic ventricular tachycardia", "AR", "p_lp_biallelic"],
  ["TRDN", "Catecholaminergic polymorphic ventricular tachycardia / long QT syndrome", "AR", "p_lp_biallelic"],
  ["TNNT2", "Dilated or hypertrophic cardiomyopathy", "AD"],
  ["LMNA", "Dilated cardiomyopathy", "AD"],
  ["FLNC", "Dilated cardiomyopathy", "AD"],
  ["TTN", "Dilated cardiomyopathy", "AD", "truncating_only"],
  ["BAG3", "Dilated cardiomyopathy", "AD"],
  ["DES", "Dilated cardiomyopathy", "AD"],
  ["RBM20", "Dilated cardiomyopathy", "AD"],
  ["TNNC1", "Dilated cardiomyopathy", "AD"],
  ["COL3A1", "Ehlers–Danlos syndrome, vascular type", "AD"],
  ["LDLR", "Familial hypercholesterolaemia", "SD"],
  ["APOB", "Familial hypercholesterolaemia", "AD"],
  ["PCSK9", "Familial hypercholesterolaemia", "AD"],
  ["MYH7", "Hypertrophic cardiomyopathy", "AD"],
  ["MYBPC3", "Hypertrophic cardiomyopathy", "AD"],
  ["TNNI3", "Hypertrophic cardiomyopathy", "AD"],
  ["TPM1", "Hypertrophic cardiomyopathy", "AD"],
  ["MYL3", "Hypertrophic cardiomyopathy", "AD"],
  ["ACTC1", "Hypertrophic cardiomyopathy", "AD"],
  ["PRKAG2", "Hypertrophic cardiomyopathy", "AD"],
  ["MYL2", "Hypertrophic cardiomyopathy", "AD"],
  ["KCNQ1", "Long QT syndrome type 1", "AD"],
  ["KCNH2", "Long QT syndrome type 2", "AD"],
  ["SCN5A", "Long QT syndrome type 3 / Brugada syndrome", "AD"],
  // Added in v3.2: calmodulinopathies (long QT syndrome and catecholaminergic polymorphic ventricular tachycardia).
  ["CALM1", "Calmodulinopathy (long QT syndrome / CPVT)", "AD"],
  ["CALM2", "Calmodulinopathy (long QT syndrome / CPVT)", "AD"],
  ["CALM3", "Calmodulinopathy (long QT syndrome / CPVT)", "AD"],
];

const inbornErrorsOfMetabolism: readonly Row[] = [
  ["BTD", "Biotinidase deficiency", "AR", "p_lp_biallelic"],
  ["GLA", "Fabry disease", "XL"],
  ["OTC", "Ornithine transcarbamylase deficiency", "XL"],
  ["GAA", "Pompe disease", "AR", "p_lp_biallelic"],
];

const miscellaneous: readonly Row[] = [
  ["HFE", "Hereditary haemochromatosis", "AR", "hfe_c282y_homozygous"],
  ["ACVRL1", "Hereditary haemorrhagic telangiectasia", "AD"],
  ["ENG", "Hereditary haemorrhagic telangiectasia", "AD"],
  ["RYR1", "Malignant hyperthermia susceptibility", "AD"],
  ["CACNA1S", "Malignant hyperthermia susceptibility", "AD"],
  ["HNF1A", "Maturity-onset diabetes of the young", "AD"],
  ["RPE65", "RPE65-related retinopathy", "AR", "p_lp_biallelic"],
  ["ATP7B", "Wilson disease", "AR", "p_lp_biallelic"],
  ["TTR", "Hereditary transthyretin amyloidosis", "AD"],
];

function rows(group: AcmgPhenotypeGroup, list: readonly Row[]): AcmgSecondaryFindingsGene[] {
  return list.map(([gene, phenotype, inheritance, report]) => ({
    gene,
    group,
    phenotype,
    inheritance,
    report: report ?? "p_lp",
    // Only the cancer-predisposition genes fall under the participant's hereditary-cancer choice; cardiovascular,
    // metabolic and the other conditions are the "other actionable conditions" the consent form describes.
    category: group === "cancer" ? "hereditary_cancer" : "other_actionable",
  }));
}

export const acmgSfV32Genes: readonly AcmgSecondaryFindingsGene[] = Object.freeze([
  ...rows("cancer", cancer),
  ...rows("cardiovascular", cardiovascular),
  ...rows("inborn_error_of_metabolism", inbornErrorsOfMetabolism),
  ...rows("miscellaneous", miscellaneous),
]);

const byGene = new Map(acmgSfV32Genes.map((entry) => [entry.gene, entry]));

/** The list's entry for an HGNC symbol as written in the table (upper case), or undefined: not a gene of the list. */
export function acmgSfGene(symbol: string): AcmgSecondaryFindingsGene | undefined {
  return byGene.get(symbol);
}
