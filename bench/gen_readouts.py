#!/usr/bin/env python3
"""Writes N synthetic readouts in the official styles, separated by form feeds, for
the ingest benchmark, each with some forty sentences of remarks so that a readout
runs to a few thousand characters as published ones do: Xi-era leads with one to four lecturers, Hu-era leads with the
subject later, self-study sessions, field sessions; a tenth in traditional characters
and a tenth with a mirror's ASCII punctuation. Deterministic (seeded)."""
import random
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
rng = random.Random(20261128)
CN = '零一二三四五六七八九'


def cn(v):
    if v < 10:
        return CN[v]
    if v < 20:
        return '十' + (CN[v % 10] if v % 10 else '')
    return CN[v // 10] + '十' + (CN[v % 10] if v % 10 else '')


SUBJECTS = ['推进海洋科技自立自强', '健全现代化产业体系', '加强人工智能治理', '我国农村改革发展问题研究',
            '深入推进全面从严治党', '建设航天强国', '加强网络生态治理', '推动能源革命', '建设文化强国',
            '完善社会保障体系', '加强生态文明建设', '推进国防和军队现代化']
SURN = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗'
GIVEN = '建国明华文军伟红志远德立海涛小平洋'
POSTS = ['北京大学教授', '清华大学教授', '中国科学院院士、中国科学技术大学教授', '国务院发展研究中心研究员',
         '中国社会科学院学部委员、中国历史研究院副院长', '国家发展和改革委员会宏观经济研究院院长']
INST = ['北京大学', '清华大学', '复旦大学', '南京大学', '中国人民大学']
TITLES = ['教授', '研究员', '院士']
T2S = str.maketrans({'学': '學', '习': '習', '进': '進', '国': '國', '会': '會', '这': '這', '讲': '講',
                     '问': '問', '题': '題', '议': '議', '发': '發', '对': '對', '时': '時'})


REMARKS = ['要坚持以人民为中心的发展思想，把人民群众的根本利益作为一切工作的出发点和落脚点。',
           '要深化改革开放，破除制约高质量发展的体制机制障碍，激发各类经营主体活力。',
           '要加强统筹协调，完善政策体系，形成上下联动、协同推进的工作格局。',
           '要坚持问题导向和目标导向相统一，着力解决发展不平衡不充分的突出问题。',
           '要加强基础研究和原始创新，打好关键核心技术攻坚战，把科技的命脉牢牢掌握在自己手中。',
           '要完善法律法规和标准体系，提高治理的法治化、规范化水平。',
           '各级党委和政府要切实扛起政治责任，把党中央决策部署落到实处。',
           '要加强人才队伍建设，培养造就一大批具有国际水平的战略科技人才和高水平创新团队。',
           '要坚持系统观念，统筹发展和安全，有效防范化解各类风险挑战。',
           '要加强宣传引导，营造全社会共同关心、支持和参与的良好氛围。']


def remarks(k):
    return ''.join(rng.choice(REMARKS) for _ in range(k))


def name():
    return rng.choice(SURN) + ''.join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def readout(i):
    m, d = rng.randint(1, 12), rng.randint(1, 28)
    num = rng.randint(1, 45)
    numtxt = cn(num) if rng.random() < 0.8 else str(num)
    subj = rng.choice(SUBJECTS)
    style = rng.random()
    head = f'新华社北京{m}月{d + 1}日电 '
    if style < 0.55:
        k = rng.randint(1, 4)
        people = '、'.join(f'{rng.choice(POSTS)}{name()}同志' for _ in range(k))
        text = (f'{head}中共中央政治局{m}月{d}日下午就{subj}进行第{numtxt}次集体学习。中共中央总书记习近平在主持学习时强调，'
                f'要坚持以人民为中心的发展思想，推动各项工作取得新成效。\n{people}就这个问题进行讲解，谈了意见和建议。'
                f'中央政治局的同志认真听取了讲解，并进行了讨论。\n习近平在听取讲解和讨论后发表了讲话。他指出，{remarks(40)}')
    elif style < 0.75:
        k = rng.randint(1, 2)
        people = '和'.join(f'{rng.choice(INST)}{name()}{rng.choice(TITLES)}' for _ in range(k))
        text = (f'{head}中共中央政治局{d}日上午进行第{numtxt}次集体学习，中共中央总书记胡锦涛主持。胡锦涛在主持学习时强调，'
                f'要坚持以科学发展观统领经济社会发展全局。\n这次集体学习安排的内容是“{subj}”。{people}就这个问题进行了讲解，'
                f'并谈了他们的意见和建议。\n胡锦涛在主持学习时发表了讲话。他指出，{remarks(40)}')
    elif style < 0.9:
        sp = '、'.join(name() for _ in range(rng.randint(2, 4)))
        text = (f'{head}中共中央政治局{m}月{d}日下午就{subj}进行第{numtxt}次集体学习。中共中央总书记习近平在主持学习时强调，'
                f'要坚定不移推进各项工作。\n这次集体学习采取中央政治局同志自学并交流体会的方式进行，{sp}作了重点发言。')
    else:
        text = (f'{head}中共中央政治局{m}月{d}日下午以{subj}为题在北京中关村举行第{numtxt}次集体学习。'
                f'\n{rng.choice(POSTS)}{name()}同志就这个问题进行讲解。中共中央总书记习近平在主持学习时发表了讲话。他指出，{remarks(40)}')
    r = rng.random()
    if r < 0.1:
        text = text.translate(T2S)
    elif r < 0.2:
        text = text.replace('，', ',').replace('。', '.')
    return text


out = sys.stdout
for i in range(n):
    out.write(readout(i))
    out.write('\n\f')
