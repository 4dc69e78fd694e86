// 简体中文界面文案。键集合必须与 en.ts 完全一致（类型与 i18n.test.ts 均会检查）。
import type { Messages } from "./en";

export const zhCN = {
  "app.tagline": "企业即时通讯供应商安全尽职调查",
  "lang.label": "语言",
  "catalog.heading": "内置问卷",
  "catalog.loading": "正在加载问卷…",
  "catalog.empty": "此版本没有内置问卷。",
  "catalog.loadError": "无法加载问卷：{error}",
  "catalog.sections": "部分",
  "catalog.questions": "问题",
  "catalog.profiles": "采购方画像",
  "catalog.problems": "{file} 中发现的问题",
} satisfies Messages;
